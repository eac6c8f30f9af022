// Locally connected 3×3 layer: like a convolution, but with a SEPARATE kernel (and bias) at every
// output location — nothing is tied. Read the statement for the exact API and weight layout.
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
  /** `kernel` [H_o, W_o, k, k, C_in, C_out] and `bias` [H_o, W_o, C_out], H_o = H-k+1, W_o = W-k+1. */
  weights(): Record<string, tf.Variable>;
  /** x: [N, H, W, C_in] -> [N, H_o, W_o, C_out] ('valid' windows, stride 1). */
  apply(x: tf.Tensor4D): tf.Tensor4D;
}

export function createLocallyConnected2d({ inChannels, outChannels, kernelSize, height, width }: LocallyConnected2dArgs): LocallyConnected2d {
  const ho = height - kernelSize + 1;
  const wo = width - kernelSize + 1;
  // TODO: create the per-location weights once, here (tf.variable with random initial values).
  void inChannels;
  return {
    weights: () => ({}),
    apply: (x) =>
      tf.tidy(() => {
        // TODO: at every output location (i, j), multiply the k×k window starting at input pixel
        // (i, j) by THAT location's kernel and add THAT location's bias.
        return tf.zeros([x.shape[0], ho, wo, outChannels]) as tf.Tensor4D;
      }),
  };
}
