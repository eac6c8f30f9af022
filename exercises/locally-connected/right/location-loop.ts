// RIGHT, written differently from the reference: a plain loop over the output locations. For each
// (i, j) the k×k window is sliced from x, flattened in (a, c, m) order and multiplied by that
// location's own kernel slice; the H_o·W_o results are stacked back into the output grid.
import * as tf from '@tensorflow/tfjs';

export function createLocallyConnected2d({ inChannels, outChannels, kernelSize: k, height, width }: { inChannels: number; outChannels: number; kernelSize: number; height: number; width: number }) {
  const ho = height - k + 1;
  const wo = width - k + 1;
  const p = k * k * inChannels;
  const kernel = tf.variable(tf.randomNormal([ho, wo, k, k, inChannels, outChannels], 0, Math.sqrt(2 / p)));
  const bias = tf.variable(tf.zeros([ho, wo, outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x: tf.Tensor4D): tf.Tensor4D =>
      tf.tidy(() => {
        const n = x.shape[0];
        const rows: tf.Tensor[] = [];
        for (let i = 0; i < ho; i++) {
          const cols: tf.Tensor[] = [];
          for (let j = 0; j < wo; j++) {
            const window = tf.reshape(tf.slice(x, [0, i, j, 0], [n, k, k, inChannels]), [n, p]);
            const w = tf.reshape(tf.slice(kernel, [i, j, 0, 0, 0, 0], [1, 1, k, k, inChannels, outChannels]), [p, outChannels]);
            const b = tf.reshape(tf.slice(bias, [i, j, 0], [1, 1, outChannels]), [outChannels]);
            cols.push(tf.add(tf.matMul(window, w), b));
          }
          rows.push(tf.stack(cols, 1)); // [n, W_o, C_out]
        }
        return tf.stack(rows, 1) as tf.Tensor4D; // [n, H_o, W_o, C_out]
      }),
  };
}
