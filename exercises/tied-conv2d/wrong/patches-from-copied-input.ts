// WRONG on purpose: builds the k×k patches (im2col) in plain JavaScript from x.arraySync(), then
// multiplies them by the kernel with one tf.matMul. The output and the weights' gradients are right,
// but the patches are a copy of x's values: no gradient reaches x, so a layer stacked before this
// one would never learn.
import * as tf from '@tensorflow/tfjs';

export function createTiedConv2d({ inChannels, outChannels, kernelSize: k }: { inChannels: number; outChannels: number; kernelSize: number }) {
  const kernel = tf.variable(tf.randomNormal([k, k, inChannels, outChannels], 0, Math.sqrt(2 / (k * k * inChannels))));
  const bias = tf.variable(tf.zeros([outChannels]));
  const r = Math.floor(k / 2);
  return {
    weights: () => ({ kernel, bias }),
    apply: (x: tf.Tensor4D): tf.Tensor4D =>
      tf.tidy(() => {
        const [n, h, w] = x.shape;
        const xs = x.arraySync();
        const rows: number[][] = [];
        for (let b = 0; b < n; b++)
          for (let i = 0; i < h; i++)
            for (let j = 0; j < w; j++) {
              const row: number[] = [];
              for (let a = 0; a < k; a++)
                for (let c = 0; c < k; c++)
                  for (let m = 0; m < inChannels; m++) {
                    const y = i + a - r;
                    const z = j + c - r;
                    row.push(y >= 0 && y < h && z >= 0 && z < w ? xs[b]![y]![z]![m]! : 0);
                  }
              rows.push(row);
            }
        const patches = tf.tensor2d(rows, [n * h * w, k * k * inChannels]);
        const y = tf.matMul(patches, tf.reshape(kernel, [k * k * inChannels, outChannels]));
        return tf.add(tf.reshape(y, [n, h, w, outChannels]), bias) as tf.Tensor4D;
      }),
  };
}
