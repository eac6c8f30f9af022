// RIGHT, written differently from the reference: explicit im2col with tfjs operations. The image is
// zero-padded by ⌊k/2⌋, the k·k shifted views are concatenated on the channel axis in the kernel's
// (a, c, m) order, and one tf.matMul with the reshaped kernel does every pixel at once. Everything is
// a tfjs operation on x and the variables, so gradients reach the input and both weights.
import * as tf from '@tensorflow/tfjs';

export function createTiedConv2d({ inChannels, outChannels, kernelSize: k }: { inChannels: number; outChannels: number; kernelSize: number }) {
  const kernel = tf.variable(tf.randomNormal([k, k, inChannels, outChannels], 0, Math.sqrt(2 / (k * k * inChannels))));
  const bias = tf.variable(tf.zeros([outChannels]));
  const r = (k - 1) / 2;
  return {
    weights: () => ({ kernel, bias }),
    apply: (x: tf.Tensor4D): tf.Tensor4D =>
      tf.tidy(() => {
        const [n, h, w] = x.shape;
        const padded = tf.pad(x, [[0, 0], [r, r], [r, r], [0, 0]]);
        const views: tf.Tensor[] = [];
        for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) views.push(tf.slice(padded, [0, a, c, 0], [n, h, w, inChannels]));
        const patches = tf.reshape(tf.concat(views, 3), [n * h * w, k * k * inChannels]);
        const y = tf.matMul(patches, tf.reshape(kernel, [k * k * inChannels, outChannels]));
        return tf.reshape(tf.add(y, bias), [n, h, w, outChannels]) as tf.Tensor4D;
      }),
  };
}
