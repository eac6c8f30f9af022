// WRONG on purpose: the 90° rotation is written out for a 3×3 kernel (rows 2, 1, 0 of the transpose,
// sliced one by one). For another kernel size the copies are not rotations of the kernel (k = 5) or
// the slices do not exist (k = 1).
import * as tf from '@tensorflow/tfjs';

export interface P4LiftingArgs {
  /** Channels of the input image (C_in). */
  inChannels: number;
  /** Feature maps per orientation (C_out); the output has C_out·4 channels. */
  outChannels: number;
  /** Side of the square kernel (k, odd). */
  kernelSize: number;
}

export interface P4Lifting {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor4D): tf.Tensor4D;
}

/** rot(A)[i, j] = A[j, 2 − i] for a 3×3 A: the transpose's rows in the order 2, 1, 0. */
function rot90(a: tf.Tensor4D): tf.Tensor4D {
  const t = tf.transpose(a, [1, 0, 2, 3]);
  const [, w, c, o] = t.shape;
  return tf.concat([2, 1, 0].map((i) => tf.slice(t, [i, 0, 0, 0], [1, w, c, o])), 0) as tf.Tensor4D;
}

export function createP4Lifting({ inChannels, outChannels, kernelSize: k }: P4LiftingArgs): P4Lifting {
  const kernel = tf.variable(tf.randomNormal([k, k, inChannels, outChannels], 0, Math.sqrt(2 / (k * k * inChannels))));
  const bias = tf.variable(tf.zeros([outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x) =>
      tf.tidy(() => {
        const rotated: tf.Tensor4D[] = [kernel as tf.Tensor4D];
        for (let r = 1; r < 4; r++) rotated.push(rot90(rotated[r - 1]!));
        const bank = tf.reshape(tf.stack(rotated, 4), [k, k, inChannels, outChannels * 4]) as tf.Tensor4D;
        const [n, h, w] = x.shape;
        const y = tf.reshape(tf.conv2d(x, bank, 1, 'same'), [n, h, w, outChannels, 4]);
        return tf.reshape(tf.add(y, tf.reshape(bias, [outChannels, 1])), [n, h, w, outChannels * 4]) as tf.Tensor4D;
      }),
  };
}
