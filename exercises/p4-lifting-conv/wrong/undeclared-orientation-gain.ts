// WRONG on purpose: a trainable gain per orientation, created with the layer but never declared by
// weights(). It starts at 1, so outputs, gradients and equivariance through weights() come out right;
// trained with optimizer.minimize(f) it would let the orientations drift apart, untying them.
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
  const gain = tf.variable(tf.ones([4]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x) =>
      tf.tidy(() => {
        const rotated: tf.Tensor4D[] = [kernel as tf.Tensor4D];
        for (let r = 1; r < 4; r++) rotated.push(rot90(rotated[r - 1]!));
        const bank = tf.reshape(tf.stack(rotated, 4), [k, k, inChannels, outChannels * 4]) as tf.Tensor4D;
        const [n, h, w] = x.shape;
        const y = tf.mul(tf.reshape(tf.conv2d(x, bank, 1, 'same'), [n, h, w, outChannels, 4]), gain);
        return tf.reshape(tf.add(y, tf.reshape(bias, [outChannels, 1])), [n, h, w, outChannels * 4]) as tf.Tensor4D;
      }),
  };
}
