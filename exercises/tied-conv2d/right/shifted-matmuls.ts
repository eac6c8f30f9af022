// RIGHT, written differently from the reference: no convolution op at all. The output is the sum,
// over the k·k kernel offsets (a, c), of the image shifted by (a − r, c − r) times the C_in × C_out
// slice K[a, c] of the one shared kernel; the bias is added once at the end.
import * as tf from '@tensorflow/tfjs';

export function createTiedConv2d(args: { inChannels: number; outChannels: number; kernelSize: number }) {
  const { inChannels: cin, outChannels: cout, kernelSize: k } = args;
  const kernel = tf.variable(tf.randomNormal([k, k, cin, cout], 0, Math.sqrt(2 / (k * k * cin))));
  const bias = tf.variable(tf.zeros([cout]));
  const r = Math.floor(k / 2);
  function apply(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const [n, h, w] = x.shape;
      const padded = tf.pad(x, [[0, 0], [r, r], [r, r], [0, 0]]);
      let acc: tf.Tensor = tf.zeros([n * h * w, cout]);
      for (let a = 0; a < k; a++) {
        for (let c = 0; c < k; c++) {
          const view = tf.reshape(tf.slice(padded, [0, a, c, 0], [n, h, w, cin]), [n * h * w, cin]);
          const tap = tf.reshape(tf.slice(kernel, [a, c, 0, 0], [1, 1, cin, cout]), [cin, cout]);
          acc = tf.add(acc, tf.matMul(view, tap));
        }
      }
      return tf.add(tf.reshape(acc, [n, h, w, cout]), bias) as tf.Tensor4D;
    });
  }
  return { weights: () => ({ kernel, bias }), apply };
}
