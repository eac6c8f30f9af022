// An ALTERNATIVE correct solution of exercises/tied-conv2d (test fixture, not exercise content):
// no tf.conv2d — zero padding + k·k slices gathered into patches, then ONE shared matMul with the
// kernel reshaped to [k·k·C_in, C_out]. It must score exactly 1: the checks compare behaviour, not
// the ops used.
import * as tf from '@tensorflow/tfjs';

export function createTiedConv2d({ inChannels, outChannels, kernelSize }: { inChannels: number; outChannels: number; kernelSize: number }) {
  const k = kernelSize;
  const kernel = tf.variable(tf.randomNormal([k, k, inChannels, outChannels], 0, Math.sqrt(2 / (k * k * inChannels))));
  const bias = tf.variable(tf.zeros([outChannels]));
  const r = Math.floor(k / 2);
  return {
    weights: () => ({ kernel, bias }),
    apply: (x: tf.Tensor4D): tf.Tensor4D =>
      tf.tidy(() => {
        const [n, h, w] = x.shape;
        const padded = tf.pad(x, [
          [0, 0],
          [r, k - 1 - r],
          [r, k - 1 - r],
          [0, 0],
        ]);
        // Patch layout (a, c, m) on the last axis = the row-major layout of kernel [k, k, C_in, ·].
        const slices: tf.Tensor4D[] = [];
        for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) slices.push(tf.slice(padded, [0, a, c, 0], [n, h, w, inChannels]));
        const patches = tf.reshape(tf.concat(slices, 3), [n * h * w, k * k * inChannels]);
        const y = tf.matMul(patches, tf.reshape(kernel, [k * k * inChannels, outChannels]));
        return tf.add(tf.reshape(y, [n, h, w, outChannels]), bias) as tf.Tensor4D;
      }),
  };
}
