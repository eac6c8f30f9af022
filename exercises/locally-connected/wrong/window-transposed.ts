// WRONG on purpose: the shifted views are collected column offset first, so each window is
// flattened in (c, a, m) order while the kernel [k, k, C_in] is (a, c, m): every kernel is used
// transposed.
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
        for (let c = 0; c < k; c++) for (let a = 0; a < k; a++) views.push(tf.slice(x, [0, a, c, 0], [n, ho, wo, inChannels]));
        const patches = tf.reshape(tf.stack(views, 3), [n, ho * wo, p]);
        const y = tf.matMul(tf.transpose(patches, [1, 0, 2]), tf.reshape(kernel, [ho * wo, p, outChannels]));
        return tf.add(tf.reshape(tf.transpose(y, [1, 0, 2]), [n, ho, wo, outChannels]), bias) as tf.Tensor4D;
      }),
  };
}
