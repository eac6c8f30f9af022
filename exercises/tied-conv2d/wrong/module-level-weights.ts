// WRONG on purpose: the weights live in module-level variables, so every layer the module creates
// shares the last one's kernel and bias: a second layer silently replaces the first one's weights.
import * as tf from '@tensorflow/tfjs';

let kernel: tf.Variable;
let bias: tf.Variable;

export function createTiedConv2d({ inChannels, outChannels, kernelSize: k }: { inChannels: number; outChannels: number; kernelSize: number }) {
  kernel = tf.variable(tf.randomNormal([k, k, inChannels, outChannels], 0, Math.sqrt(2 / (k * k * inChannels))));
  bias = tf.variable(tf.zeros([outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x: tf.Tensor4D): tf.Tensor4D => tf.tidy(() => tf.add(tf.conv2d(x, kernel as tf.Tensor4D, 1, 'same'), bias)),
  };
}
