// WRONG on purpose: the windows are enumerated column by column (location j·H_o + i) but the
// kernel is reshaped row by row (location i·W_o + j), so most locations use another one's kernel.
import * as tf from '@tensorflow/tfjs';

export function createLocallyConnected2d({ inChannels, outChannels, kernelSize: k, height, width }: { inChannels: number; outChannels: number; kernelSize: number; height: number; width: number }) {
  const ho = height - k + 1;
  const wo = width - k + 1;
  const p = k * k * inChannels;
  const kernel = tf.variable(tf.randomNormal([ho, wo, k, k, inChannels, outChannels], 0, 0.3));
  const bias = tf.variable(tf.zeros([ho, wo, outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x: tf.Tensor4D): tf.Tensor4D =>
      tf.tidy(() => {
        const n = x.shape[0];
        const views: tf.Tensor[] = [];
        for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) views.push(tf.slice(x, [0, a, c, 0], [n, ho, wo, inChannels]));
        // [N, W_o, H_o, P]: columns outermost.
        const patches = tf.reshape(tf.transpose(tf.reshape(tf.stack(views, 3), [n, ho, wo, p]), [0, 2, 1, 3]), [n, ho * wo, p]);
        const y = tf.matMul(tf.transpose(patches, [1, 0, 2]), tf.reshape(kernel, [ho * wo, p, outChannels]));
        // Undo the column-major order on the way out, so the output positions are right.
        const out = tf.transpose(tf.reshape(tf.transpose(y, [1, 0, 2]), [n, wo, ho, outChannels]), [0, 2, 1, 3]);
        return tf.add(out, bias) as tf.Tensor4D;
      }),
  };
}
