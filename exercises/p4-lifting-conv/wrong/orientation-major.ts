// WRONG on purpose: stacks the rotated banks orientation-major, so output channel r·C_out + f
// holds feature f at orientation r instead of channel f·4 + r.
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

/** Counter-clockwise rotation by 90° of the two spatial axes: rot(A)[i, j] = A[j, k-1-i]. */
const rot90 = (a: tf.Tensor4D): tf.Tensor4D => tf.reverse(tf.transpose(a, [1, 0, 2, 3]), [0]);

export function createP4Lifting({ inChannels, outChannels, kernelSize: k }: P4LiftingArgs): P4Lifting {
  const kernel = tf.variable(tf.randomNormal([k, k, inChannels, outChannels], 0, Math.sqrt(2 / (k * k * inChannels))));
  const bias = tf.variable(tf.zeros([outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x) =>
      tf.tidy(() => {
        const rotated: tf.Tensor4D[] = [kernel as tf.Tensor4D];
        for (let r = 1; r < 4; r++) rotated.push(rot90(rotated[r - 1]!));
        // [k, k, C_in, C_out, 4] -> [k, k, C_in, C_out·4]: channel f·4 + r, orientation fastest.
        const bank = tf.concat(rotated, 3) as tf.Tensor4D;
        const [n, h, w] = x.shape;
        const y = tf.reshape(tf.conv2d(x, bank, 1, 'same'), [n, h, w, 4, outChannels]);
        return tf.reshape(tf.add(y, bias), [n, h, w, outChannels * 4]) as tf.Tensor4D;
      }),
  };
}
