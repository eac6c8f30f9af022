// RIGHT, written differently from the reference: rotates the FEATURE MAP instead of the kernel.
// With R a ⋆ R A = R(a ⋆ A), output orientation r is R^r applied to the correlation of the one
// unshifted, unrotated kernel with the input rotated back r quarter turns and its orientation
// channels moved by r: G(x)_r = R^r( Σ_s (R^{−r} x_{s+r}) ⋆ K_s ). The lifting layer likewise
// rotates its input: lift(x)_r = R^r( (R^{−r} x) ⋆ K ).
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

/** 90° counter-clockwise rotation of the spatial axes of [N, H, W, C]: out[i, j] = in[j, W−1−i]. */
const rotMap = (t: tf.Tensor4D): tf.Tensor4D => tf.reverse(tf.transpose(t, [0, 2, 1, 3]), [1]);
const rotMapTimes = (t: tf.Tensor4D, r: number): tf.Tensor4D => (r % 4 === 0 ? t : rotMapTimes(rotMap(t), r - 1));

/** [N, H, W, C·4] with channel c·4 + s  ->  channel c·4 + s taken from orientation (s + r) mod 4. */
function cycleOrientations(t: tf.Tensor4D, c: number, r: number): tf.Tensor4D {
  if (r === 0) return t;
  const [n, h, w] = t.shape;
  const v = tf.reshape(t, [n, h, w, c, 4]);
  const moved = tf.concat([tf.slice(v, [0, 0, 0, 0, r], [-1, -1, -1, -1, 4 - r]), tf.slice(v, [0, 0, 0, 0, 0], [-1, -1, -1, -1, r])], 4);
  return tf.reshape(moved, [n, h, w, c * 4]) as tf.Tensor4D;
}

/** Stacks the four orientation maps [N, H, W, C] as channel c·4 + r and adds one bias per feature. */
function interleave(maps: tf.Tensor4D[], bias: tf.Variable, c: number): tf.Tensor4D {
  const [n, h, w] = maps[0]!.shape;
  return tf.reshape(tf.add(tf.stack(maps, 4), tf.reshape(bias, [c, 1])), [n, h, w, c * 4]) as tf.Tensor4D;
}

export function createP4Lifting({ inChannels, outChannels, kernelSize: k }: P4LayerArgs): P4Layer {
  const kernel = tf.variable(tf.randomNormal([k, k, inChannels, outChannels], 0, Math.sqrt(2 / (k * k * inChannels))));
  const bias = tf.variable(tf.zeros([outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x) =>
      tf.tidy(() => interleave([0, 1, 2, 3].map((r) => rotMapTimes(tf.conv2d(rotMapTimes(x, 4 - r), kernel as tf.Tensor4D, 1, 'same'), r)), bias, outChannels)),
  };
}

export function createP4GroupConv({ inChannels, outChannels, kernelSize: k }: P4LayerArgs): P4Layer {
  const kernel = tf.variable(tf.randomNormal([k, k, inChannels, 4, outChannels], 0, Math.sqrt(2 / (k * k * inChannels * 4))));
  const bias = tf.variable(tf.zeros([outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x) =>
      tf.tidy(() => {
        // [k, k, C_in, 4, C_out] -> [k, k, C_in·4, C_out]: input channel m·4 + s, as in the input.
        const flat = tf.reshape(kernel, [k, k, inChannels * 4, outChannels]) as tf.Tensor4D;
        const maps = [0, 1, 2, 3].map((r) => rotMapTimes(tf.conv2d(cycleOrientations(rotMapTimes(x, 4 - r), inChannels, r), flat, 1, 'same'), r));
        return interleave(maps, bias, outChannels);
      }),
  };
}
