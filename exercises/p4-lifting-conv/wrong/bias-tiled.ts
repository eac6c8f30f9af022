// WRONG on purpose: the rotated kernels are right, but the bias is added as tf.tile(bias, [4]), so
// channel c = f·4 + r gets b_{c mod C_out} instead of b_f. The message must blame the bias, not the
// rotations.
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
        const bank = tf.reshape(tf.stack(rotated, 4), [k, k, inChannels, outChannels * 4]) as tf.Tensor4D;
        return tf.add(tf.conv2d(x, bank, 1, 'same'), tf.tile(bias, [4])) as tf.Tensor4D;
      }),
  };
}
