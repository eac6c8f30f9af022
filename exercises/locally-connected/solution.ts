// Reference solution (checker zone only): a locally connected 3×3 layer, 'valid' padding, with a
// separate kernel and bias at every output location (nothing is tied across positions).
import * as tf from '@tensorflow/tfjs';

export interface LocallyConnected2dArgs {
  /** Channels of the input image (C_in). */
  inChannels: number;
  /** Number of output feature maps (C_out). */
  outChannels: number;
  /** Side of the square window (k). */
  kernelSize: number;
  /** Image height H the layer is built for (the weights depend on it). */
  height: number;
  /** Image width W the layer is built for. */
  width: number;
}

export interface LocallyConnected2d {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor4D): tf.Tensor4D;
}

export function createLocallyConnected2d({ inChannels, outChannels, kernelSize: k, height, width }: LocallyConnected2dArgs): LocallyConnected2d {
  const ho = height - k + 1;
  const wo = width - k + 1;
  const p = k * k * inChannels;
  const kernel = tf.variable(tf.randomNormal([ho, wo, k, k, inChannels, outChannels], 0, Math.sqrt(2 / p)));
  const bias = tf.variable(tf.zeros([ho, wo, outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x) =>
      tf.tidy(() => {
        const n = x.shape[0];
        // The k·k shifted views of x, stacked so that each location's window is flattened in
        // (a, c, m) order — the same order as the kernel's axes [k, k, C_in].
        const views: tf.Tensor[] = [];
        for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) views.push(tf.slice(x, [0, a, c, 0], [n, ho, wo, inChannels]));
        const patches = tf.reshape(tf.stack(views, 3), [n, ho * wo, p]);
        // One matmul per location: [L, N, P] × [L, P, C_out] -> [L, N, C_out].
        const y = tf.matMul(tf.transpose(patches, [1, 0, 2]), tf.reshape(kernel, [ho * wo, p, outChannels]));
        return tf.add(tf.reshape(tf.transpose(y, [1, 0, 2]), [n, ho, wo, outChannels]), bias) as tf.Tensor4D;
      }),
  };
}
