// WRONG on purpose: written for 3×3 windows only. The number of locations (H−2, W−2), the kernel's
// window axes and the window loop all use 3 instead of kernelSize.
import * as tf from '@tensorflow/tfjs';

export function createLocallyConnected2d({ inChannels, outChannels, height, width }: { inChannels: number; outChannels: number; kernelSize: number; height: number; width: number }) {
  const ho = height - 2;
  const wo = width - 2;
  const p = 9 * inChannels;
  const kernel = tf.variable(tf.randomNormal([ho, wo, 3, 3, inChannels, outChannels], 0, Math.sqrt(2 / p)));
  const bias = tf.variable(tf.zeros([ho, wo, outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x: tf.Tensor4D): tf.Tensor4D =>
      tf.tidy(() => {
        const n = x.shape[0];
        const views: tf.Tensor[] = [];
        for (let a = 0; a < 3; a++) for (let c = 0; c < 3; c++) views.push(tf.slice(x, [0, a, c, 0], [n, ho, wo, inChannels]));
        const patches = tf.reshape(tf.stack(views, 3), [n, ho * wo, p]);
        const y = tf.matMul(tf.transpose(patches, [1, 0, 2]), tf.reshape(kernel, [ho * wo, p, outChannels]));
        return tf.add(tf.reshape(tf.transpose(y, [1, 0, 2]), [n, ho, wo, outChannels]), bias) as tf.Tensor4D;
      }),
  };
}
