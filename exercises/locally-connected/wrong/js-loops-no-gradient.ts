// WRONG on purpose: the weighted sums are computed in plain JavaScript from arraySync() values and
// turned back into a tensor. The numbers are right, but the kernel is no longer on the gradient
// tape: training only moves the bias.
import * as tf from '@tensorflow/tfjs';

export function createLocallyConnected2d({ inChannels, outChannels, kernelSize: k, height, width }: { inChannels: number; outChannels: number; kernelSize: number; height: number; width: number }) {
  const ho = height - k + 1;
  const wo = width - k + 1;
  const kernel = tf.variable(tf.randomNormal([ho, wo, k, k, inChannels, outChannels], 0, 0.3));
  const bias = tf.variable(tf.zeros([ho, wo, outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x: tf.Tensor4D): tf.Tensor4D =>
      tf.tidy(() => {
        const xs = x.arraySync();
        const ks = kernel.arraySync() as number[][][][][][];
        const out = xs.map((img) =>
          Array.from({ length: ho }, (_, i) =>
            Array.from({ length: wo }, (_, j) =>
              Array.from({ length: outChannels }, (_, o) => {
                let s = 0;
                for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) for (let m = 0; m < inChannels; m++) s += ks[i]![j]![a]![c]![m]![o]! * img[i + a]![j + c]![m]!;
                return s;
              }),
            ),
          ),
        );
        return tf.add(tf.tensor4d(out), bias) as tf.Tensor4D;
      }),
  };
}
