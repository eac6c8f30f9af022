// RIGHT, written differently from the reference: rotates the IMAGE instead of the kernel, with tfjs
// operations. Correlation commutes with rotating both arguments, so x ⋆ rot^r(K) = R^r((R^{−r} x) ⋆ K):
// rotate the image back r quarter turns, correlate with the one kernel, rotate the result forward.
// Gradients reach the kernel (through four uses) and the input.
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

/** 90° counter-clockwise rotation of the spatial axes of [N, H, W, C]: out[i, j] = in[j, W−1−i]. */
const rotImage = (t: tf.Tensor4D): tf.Tensor4D => tf.reverse(tf.transpose(t, [0, 2, 1, 3]), [1]);
const rotTimes = (t: tf.Tensor4D, r: number): tf.Tensor4D => (r === 0 ? t : rotTimes(rotImage(t), r - 1));

export function createP4Lifting({ inChannels, outChannels, kernelSize: k }: P4LiftingArgs): P4Lifting {
  const kernel = tf.variable(tf.randomNormal([k, k, inChannels, outChannels], 0, Math.sqrt(2 / (k * k * inChannels))));
  const bias = tf.variable(tf.zeros([outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x) =>
      tf.tidy(() => {
        const perOrientation = [0, 1, 2, 3].map((r) => rotTimes(tf.conv2d(rotTimes(x, (4 - r) % 4), kernel as tf.Tensor4D, 1, 'same'), r));
        // [N, H, W, C_out, 4] -> channel f·4 + r; the bias of feature f broadcasts over its orientations.
        const [n, h, w] = x.shape;
        const y = tf.add(tf.stack(perOrientation, 4), tf.reshape(bias, [outChannels, 1]));
        return tf.reshape(y, [n, h, w, outChannels * 4]) as tf.Tensor4D;
      }),
  };
}
