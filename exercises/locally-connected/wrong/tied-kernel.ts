// WRONG on purpose: the tied convolution from the previous exercise ('valid' padding). One kernel
// for every location, so the weights do not depend on the image size.
import * as tf from '@tensorflow/tfjs';

export function createLocallyConnected2d({ inChannels, outChannels, kernelSize }: { inChannels: number; outChannels: number; kernelSize: number; height: number; width: number }) {
  const kernel = tf.variable(tf.randomNormal([kernelSize, kernelSize, inChannels, outChannels], 0, 0.3));
  const bias = tf.variable(tf.zeros([outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x: tf.Tensor4D): tf.Tensor4D => tf.tidy(() => tf.add(tf.conv2d(x, kernel as tf.Tensor4D, 1, 'valid'), bias)),
  };
}
