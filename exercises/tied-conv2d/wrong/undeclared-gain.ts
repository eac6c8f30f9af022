// WRONG on purpose: a trainable output gain, created next to the kernel and bias but never declared
// by weights(). It starts at 1, so every output, gradient and training run through weights() comes
// out right; but anyone training the layer with optimizer.minimize(f) trains a weight nobody counts.
import * as tf from '@tensorflow/tfjs';

export function createTiedConv2d({ inChannels, outChannels, kernelSize: k }: { inChannels: number; outChannels: number; kernelSize: number }) {
  const kernel = tf.variable(tf.randomNormal([k, k, inChannels, outChannels], 0, Math.sqrt(2 / (k * k * inChannels))));
  const bias = tf.variable(tf.zeros([outChannels]));
  const gain = tf.variable(tf.ones([outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x: tf.Tensor4D): tf.Tensor4D => tf.tidy(() => tf.mul(tf.add(tf.conv2d(x, kernel as tf.Tensor4D, 1, 'same'), bias), gain)),
  };
}
