// WRONG on purpose: zero-pads the image ('same'), so there are H×W locations and the kernel is
// [H, W, k, k, C_in, C_out] instead of [H-k+1, W-k+1, …].
import * as tf from '@tensorflow/tfjs';

export function createLocallyConnected2d({ inChannels, outChannels, kernelSize: k, height, width }: { inChannels: number; outChannels: number; kernelSize: number; height: number; width: number }) {
  const p = k * k * inChannels;
  const r = Math.floor(k / 2);
  const kernel = tf.variable(tf.randomNormal([height, width, k, k, inChannels, outChannels], 0, 0.3));
  const bias = tf.variable(tf.zeros([height, width, outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x: tf.Tensor4D): tf.Tensor4D =>
      tf.tidy(() => {
        const n = x.shape[0];
        const xp = tf.pad(x, [[0, 0], [r, r], [r, r], [0, 0]]);
        const views: tf.Tensor[] = [];
        for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) views.push(tf.slice(xp, [0, a, c, 0], [n, height, width, inChannels]));
        const patches = tf.reshape(tf.stack(views, 3), [n, height * width, p]);
        const y = tf.matMul(tf.transpose(patches, [1, 0, 2]), tf.reshape(kernel, [height * width, p, outChannels]));
        return tf.add(tf.reshape(tf.transpose(y, [1, 0, 2]), [n, height, width, outChannels]), bias) as tf.Tensor4D;
      }),
  };
}
