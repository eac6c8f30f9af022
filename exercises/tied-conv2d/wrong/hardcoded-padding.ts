// WRONG on purpose: pads the image by one pixel on each side and runs a 'valid' convolution. That
// keeps the image size only for a 3×3 kernel; the padding must be ⌊k/2⌋ for every odd k.
import * as tf from '@tensorflow/tfjs';

export function createTiedConv2d({ inChannels, outChannels, kernelSize }: { inChannels: number; outChannels: number; kernelSize: number }) {
  const kernel = tf.variable(tf.randomNormal([kernelSize, kernelSize, inChannels, outChannels], 0, Math.sqrt(2 / (kernelSize * kernelSize * inChannels))));
  const bias = tf.variable(tf.zeros([outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x: tf.Tensor4D): tf.Tensor4D =>
      tf.tidy(() => {
        const padded = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]);
        return tf.add(tf.conv2d(padded, kernel as tf.Tensor4D, 1, 'valid'), bias) as tf.Tensor4D;
      }),
  };
}
