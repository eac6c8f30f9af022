// WRONG on purpose: flips the kernel spatially (a textbook "true" convolution). tf.conv2d and the
// reference compute a cross-correlation, so outputs differ for the same stored weights.
import * as tf from '@tensorflow/tfjs';

export function createTiedConv2d({ inChannels, outChannels, kernelSize }: { inChannels: number; outChannels: number; kernelSize: number }) {
  const kernel = tf.variable(tf.randomNormal([kernelSize, kernelSize, inChannels, outChannels], 0, 0.3));
  const bias = tf.variable(tf.zeros([outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x: tf.Tensor4D): tf.Tensor4D =>
      tf.tidy(() => tf.add(tf.conv2d(x, tf.reverse(kernel, [0, 1]) as tf.Tensor4D, 1, 'same'), bias)),
  };
}
