// The p4 group convolution that follows a lifting layer. Read the statement for the exact API,
// rotation convention and channel layouts.
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

/** Counter-clockwise rotation by 90° of the two leading (spatial) axes: rot(A)[i, j] = A[j, k-1-i]. */
function rot90<T extends tf.Tensor>(a: T): T {
  const perm = [1, 0, ...a.shape.slice(2).map((_, d) => d + 2)];
  return tf.reverse(tf.transpose(a, perm), [0]) as T;
}

/**
 * TODO: paste your lifting layer from the previous exercise (kernel [k, k, C_in, C_out], bias
 * [C_out], output channel f·4 + r). This placeholder uses the unrotated kernel at every orientation.
 */
export function createP4Lifting({ inChannels, outChannels, kernelSize: k }: P4LayerArgs): P4Layer {
  const kernel = tf.variable(tf.randomNormal([k, k, inChannels, outChannels], 0, 0.3));
  const bias = tf.variable(tf.zeros([outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x) =>
      tf.tidy(() => {
        const y = tf.add(tf.conv2d(x, kernel as tf.Tensor4D, 1, 'same'), bias);
        return tf.reshape(tf.stack([y, y, y, y], 4), [x.shape[0], x.shape[1], x.shape[2], outChannels * 4]) as tf.Tensor4D;
      }),
  };
}

export function createP4GroupConv({ inChannels, outChannels, kernelSize: k }: P4LayerArgs): P4Layer {
  // kernel[a, c, m, s, o]: weight from input feature m at orientation s to output feature o.
  const kernel = tf.variable(tf.randomNormal([k, k, inChannels, 4, outChannels], 0, 0.2));
  const bias = tf.variable(tf.zeros([outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x) =>
      tf.tidy(() => {
        // TODO: for output orientation r, shift the kernel's orientation axis by r and rotate it
        // r·90° in space (rot90 above), then lay the outputs out as channel o·4 + r.
        // For now every output orientation uses the kernel as it is.
        void rot90;
        const flat = tf.reshape(kernel, [k, k, inChannels * 4, outChannels]) as tf.Tensor4D;
        const y = tf.add(tf.conv2d(x, flat, 1, 'same'), bias);
        return tf.reshape(tf.stack([y, y, y, y], 4), [x.shape[0], x.shape[1], x.shape[2], outChannels * 4]) as tf.Tensor4D;
      }),
  };
}
