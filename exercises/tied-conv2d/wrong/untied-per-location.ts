// WRONG on purpose: a locally connected layer — a different kernel at every output location.
import * as tf from '@tensorflow/tfjs';

export function createTiedConv2d({ inChannels, outChannels, kernelSize }: { inChannels: number; outChannels: number; kernelSize: number }) {
  const vars: Record<string, tf.Variable> = {};
  const bias = tf.variable(tf.zeros([outChannels]));
  let built: string | null = null;
  const r = Math.floor(kernelSize / 2);
  return {
    weights: () => ({ ...vars, bias }),
    apply: (x: tf.Tensor4D): tf.Tensor4D => {
      const [n, h, w] = x.shape;
      if (built !== `${h}x${w}`) {
        vars.kernel?.dispose();
        // [H·W, k·k·C_in, C_out]: one kernel per output pixel.
        vars.kernel = tf.variable(tf.randomNormal([h * w, kernelSize * kernelSize * inChannels, outChannels], 0, 0.3));
        built = `${h}x${w}`;
      }
      const kernel = vars.kernel!;
      return tf.tidy(() => {
        const xp = tf.pad(x, [[0, 0], [r, r], [r, r], [0, 0]]);
        const outs: tf.Tensor[] = [];
        for (let i = 0; i < h; i++) {
          for (let j = 0; j < w; j++) {
            const patch = tf.reshape(tf.slice(xp, [0, i, j, 0], [n, kernelSize, kernelSize, inChannels]), [n, -1]);
            const k = tf.reshape(tf.slice(kernel, [i * w + j, 0, 0], [1, -1, -1]), [kernelSize * kernelSize * inChannels, outChannels]);
            outs.push(tf.matMul(patch, k));
          }
        }
        return tf.add(tf.reshape(tf.stack(outs, 1), [n, h, w, outChannels]), bias) as tf.Tensor4D;
      });
    },
  };
}
