// RIGHT, written differently from the reference: the windows come from ONE tf.conv2d with a
// constant one-hot kernel (output channel (a·k + c)·C_in + m copies input channel m at offset
// (a, c)), and each location's weighted sum is an elementwise product with its kernel summed over
// the window axis — broadcasting instead of a batched matMul.
import * as tf from '@tensorflow/tfjs';

export function createLocallyConnected2d({ inChannels, outChannels, kernelSize: k, height, width }: { inChannels: number; outChannels: number; kernelSize: number; height: number; width: number }) {
  const ho = height - k + 1;
  const wo = width - k + 1;
  const p = k * k * inChannels;
  const kernel = tf.variable(tf.randomNormal([ho, wo, k, k, inChannels, outChannels], 0, Math.sqrt(2 / p)));
  const bias = tf.variable(tf.zeros([ho, wo, outChannels]));
  // picker[a, c, m, (a·k + c)·C_in + m] = 1: the identity on the p window entries, in (a, c, m) order.
  const picker = tf.reshape(tf.eye(p), [k, k, inChannels, p]) as tf.Tensor4D;
  return {
    weights: () => ({ kernel, bias }),
    apply: (x: tf.Tensor4D): tf.Tensor4D =>
      tf.tidy(() => {
        const n = x.shape[0];
        const windows = tf.reshape(tf.conv2d(x, picker, 1, 'valid'), [n, ho, wo, p, 1]);
        const perLocation = tf.reshape(kernel, [1, ho, wo, p, outChannels]);
        return tf.add(tf.sum(tf.mul(windows, perLocation), 3), bias) as tf.Tensor4D;
      }),
  };
}
