// WRONG on purpose: the kernel is shared, but the bias has one value per pixel and channel.
import * as tf from '@tensorflow/tfjs';

export function createTiedConv2d({ inChannels, outChannels, kernelSize }: { inChannels: number; outChannels: number; kernelSize: number }) {
  const kernel = tf.variable(tf.randomNormal([kernelSize, kernelSize, inChannels, outChannels], 0, 0.3));
  const ws: Record<string, tf.Variable> = { kernel };
  return {
    weights: () => ws,
    apply: (x: tf.Tensor4D): tf.Tensor4D => {
      const [, h, w] = x.shape;
      if (!ws.bias || ws.bias.shape[0] !== h || ws.bias.shape[1] !== w) {
        ws.bias?.dispose();
        ws.bias = tf.variable(tf.zeros([h, w, outChannels]));
      }
      const bias = ws.bias;
      return tf.tidy(() => tf.add(tf.conv2d(x, kernel as tf.Tensor4D, 1, 'same'), bias));
    },
  };
}
