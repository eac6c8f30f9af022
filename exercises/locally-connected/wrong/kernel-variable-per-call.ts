// WRONG on purpose: apply() makes a new tf.variable from the reshaped kernel on every call, to hold
// the per-location matrices. The outputs are right, but the output is computed from that copy: no
// gradient reaches the declared kernel, and every call leaves another undeclared trainable variable.
import * as tf from '@tensorflow/tfjs';

export function createLocallyConnected2d({ inChannels, outChannels, kernelSize: k, height, width }: { inChannels: number; outChannels: number; kernelSize: number; height: number; width: number }) {
  const ho = height - k + 1;
  const wo = width - k + 1;
  const p = k * k * inChannels;
  const kernel = tf.variable(tf.randomNormal([ho, wo, k, k, inChannels, outChannels], 0, Math.sqrt(2 / p)));
  const bias = tf.variable(tf.zeros([ho, wo, outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x: tf.Tensor4D): tf.Tensor4D => {
      const perLocation = tf.variable(tf.reshape(kernel, [ho * wo, p, outChannels]));
      return tf.tidy(() => {
        const n = x.shape[0];
        const views: tf.Tensor[] = [];
        for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) views.push(tf.slice(x, [0, a, c, 0], [n, ho, wo, inChannels]));
        const patches = tf.reshape(tf.stack(views, 3), [n, ho * wo, p]);
        const y = tf.matMul(tf.transpose(patches, [1, 0, 2]), perLocation);
        return tf.add(tf.reshape(tf.transpose(y, [1, 0, 2]), [n, ho, wo, outChannels]), bias) as tf.Tensor4D;
      });
    },
  };
}
