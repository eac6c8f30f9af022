// Lifting convolution Z² -> p4: ONE learnable kernel bank, used at four orientations (0°, 90°,
// 180°, 270° counter-clockwise). Read the statement for the exact API, rotation convention and
// channel layout.
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
  /** `kernel` [k, k, C_in, C_out] and `bias` [C_out] — nothing else. */
  weights(): Record<string, tf.Variable>;
  /** x: [N, H, W, C_in] -> [N, H, W, C_out·4], channel f·4 + r ('same' padding, stride 1). */
  apply(x: tf.Tensor4D): tf.Tensor4D;
}

/** TODO: counter-clockwise rotation by 90° of the two spatial axes: rot(A)[i, j] = A[j, k-1-i]. */
function rot90(a: tf.Tensor4D): tf.Tensor4D {
  return a;
}

export function createP4Lifting({ inChannels, outChannels, kernelSize }: P4LiftingArgs): P4Lifting {
  const kernel = tf.variable(tf.randomNormal([kernelSize, kernelSize, inChannels, outChannels], 0, 0.3));
  const bias = tf.variable(tf.zeros([outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x) =>
      tf.tidy(() => {
        // TODO: build the four rotated copies of `kernel`, correlate x with each of them, and lay
        // the results out as channel f·4 + r. For now every orientation uses the unrotated kernel.
        const y = tf.add(tf.conv2d(x, kernel as tf.Tensor4D, 1, 'same'), bias);
        void rot90;
        return tf.reshape(tf.stack([y, y, y, y], 4), [x.shape[0], x.shape[1], x.shape[2], outChannels * 4]) as tf.Tensor4D;
      }),
  };
}
