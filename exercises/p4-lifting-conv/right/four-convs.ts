// RIGHT, written differently from the reference: one tf.conv2d per orientation with its own rotated
// copy (rotations written as reverse-then-transpose: rot(A)[i, j] = A[j, k−1−i] is also "reverse the
// columns, then transpose"), the bias added to each, and the four maps interleaved with a stack on a
// new last axis.
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

const rot90 = (a: tf.Tensor4D): tf.Tensor4D => tf.transpose(tf.reverse(a, [1]), [1, 0, 2, 3]);

export function createP4Lifting({ inChannels, outChannels, kernelSize: k }: P4LiftingArgs): P4Lifting {
  const kernel = tf.variable(tf.randomNormal([k, k, inChannels, outChannels], 0, Math.sqrt(2 / (k * k * inChannels))));
  const bias = tf.variable(tf.zeros([outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x) =>
      tf.tidy(() => {
        const maps: tf.Tensor[] = [];
        let copy = kernel as tf.Tensor4D;
        for (let r = 0; r < 4; r++) {
          maps.push(tf.add(tf.conv2d(x, copy, 1, 'same'), bias));
          copy = rot90(copy);
        }
        const [n, h, w] = x.shape;
        return tf.reshape(tf.stack(maps, 4), [n, h, w, outChannels * 4]) as tf.Tensor4D;
      }),
  };
}
