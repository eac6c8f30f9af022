// RIGHT, written differently from the reference: the formula term by term. For every output
// orientation r and input orientation s, the input's orientation-s channels are correlated with
// rot^r of the kernel slice K[.., (s − r) mod 4, ..], and the four terms are added; the rotation is
// written as reverse-then-transpose. The lifting layer is the same loop with one input orientation.
import * as tf from '@tensorflow/tfjs';

export interface P4LayerArgs {
  /** Input features (C_in): an image's channels for lifting; features per orientation for the group conv. */
  inChannels: number;
  /** Output features per orientation (C_out); the output has C_out·4 channels. */
  outChannels: number;
  /** Side of the square kernel (k, odd). */
  kernelSize: number;
}

export interface P4Layer {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor4D): tf.Tensor4D;
}

/** rot(A)[i, j] = A[j, k−1−i] for the two leading axes: reverse the columns, then swap rows and columns. */
function rot90(a: tf.Tensor4D): tf.Tensor4D {
  return tf.transpose(tf.reverse(a, [1]), [1, 0, 2, 3]);
}
const rotTimes = (a: tf.Tensor4D, r: number): tf.Tensor4D => (r === 0 ? a : rotTimes(rot90(a), r - 1));

/** Feature maps per orientation [N, H, W, C] -> channel c·4 + r, plus one bias per feature. */
function interleave(maps: tf.Tensor[], bias: tf.Variable, c: number): tf.Tensor4D {
  const [n, h, w] = maps[0]!.shape as [number, number, number, number];
  return tf.reshape(tf.stack(maps.map((m) => tf.add(m, bias)), 4), [n, h, w, c * 4]) as tf.Tensor4D;
}

export function createP4Lifting({ inChannels, outChannels, kernelSize: k }: P4LayerArgs): P4Layer {
  const kernel = tf.variable(tf.randomNormal([k, k, inChannels, outChannels], 0, Math.sqrt(2 / (k * k * inChannels))));
  const bias = tf.variable(tf.zeros([outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x) => tf.tidy(() => interleave([0, 1, 2, 3].map((r) => tf.conv2d(x, rotTimes(kernel as tf.Tensor4D, r), 1, 'same')), bias, outChannels)),
  };
}

export function createP4GroupConv({ inChannels, outChannels, kernelSize: k }: P4LayerArgs): P4Layer {
  const kernel = tf.variable(tf.randomNormal([k, k, inChannels, 4, outChannels], 0, Math.sqrt(2 / (k * k * inChannels * 4))));
  const bias = tf.variable(tf.zeros([outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x) =>
      tf.tidy(() => {
        const [n, h, w] = x.shape;
        const byOrientation = tf.reshape(x, [n, h, w, inChannels, 4]);
        // The input's orientation-s maps [N, H, W, C_in], and the kernel's slice for input orientation s [k, k, C_in, C_out].
        const inputAt = (s: number) => tf.reshape(tf.slice(byOrientation, [0, 0, 0, 0, s], [n, h, w, inChannels, 1]), [n, h, w, inChannels]) as tf.Tensor4D;
        const kernelAt = (s: number) => tf.reshape(tf.slice(kernel, [0, 0, 0, s, 0], [k, k, inChannels, 1, outChannels]), [k, k, inChannels, outChannels]) as tf.Tensor4D;
        const maps: tf.Tensor[] = [];
        for (let r = 0; r < 4; r++) {
          let sum: tf.Tensor = tf.zeros([n, h, w, outChannels]);
          for (let s = 0; s < 4; s++) sum = tf.add(sum, tf.conv2d(inputAt(s), rotTimes(kernelAt((s - r + 4) % 4), r), 1, 'same'));
          maps.push(sum);
        }
        return interleave(maps, bias, outChannels);
      }),
  };
}
