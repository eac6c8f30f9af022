// WRONG on purpose: the windows are gathered in plain JavaScript from x.arraySync() and turned back
// into a tensor before the per-location matMul. Output and weight gradients are right, but the
// windows are a copy of x's values: no gradient reaches x, so nothing before this layer could learn.
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
        const xs = x.arraySync();
        // windows[l][b] = the window of location l = i·W_o + j in image b, in (a, c, m) order.
        const windows = Array.from({ length: ho * wo }, (_, l) =>
          xs.map((img) => {
            const [i, j] = [Math.floor(l / wo), l % wo];
            const row: number[] = [];
            for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) for (let m = 0; m < inChannels; m++) row.push(img[i + a]![j + c]![m]!);
            return row;
          }),
        );
        const y = tf.matMul(tf.tensor3d(windows, [ho * wo, n, p]), tf.reshape(kernel, [ho * wo, p, outChannels]));
        return tf.add(tf.reshape(tf.transpose(y, [1, 0, 2]), [n, ho, wo, outChannels]), bias) as tf.Tensor4D;
      }),
  };
}
