// RIGHT, written differently from the reference: the backward pass first collects every step's
// δ_t (walking back in time), then forms each tied weight's sum over steps with ONE matMul over the
// steps stacked as rows: ∂W_hh = [h_0; …; h_{T−1}]ᵀ [δ_1; …; δ_T], ∂W_xh likewise with x_t, ∂b the
// column sums. tf.unstack / tf.concat instead of slices.
import * as tf from '@tensorflow/tfjs';

export interface TiedRnnArgs {
  /** Features per time step (D). */
  inputSize: number;
  /** Hidden units (H). */
  hiddenSize: number;
}

export function createTiedRnn({ inputSize, hiddenSize }: TiedRnnArgs) {
  const Wxh = tf.variable(tf.randomNormal([inputSize, hiddenSize], 0, 1 / Math.sqrt(inputSize)));
  const Whh = tf.variable(tf.randomNormal([hiddenSize, hiddenSize], 0, 1 / Math.sqrt(hiddenSize)));
  const b = tf.variable(tf.zeros([hiddenSize]));
  /** [h_0, h_1, …, h_T], each [N, H]. */
  function run(xs: tf.Tensor2D[], h0: tf.Tensor2D): tf.Tensor2D[] {
    const hs = [h0];
    for (const xt of xs) hs.push(tf.tanh(tf.add(tf.add(tf.matMul(xt, Wxh), tf.matMul(hs[hs.length - 1]!, Whh)), b)) as tf.Tensor2D);
    return hs;
  }
  return {
    weights: () => ({ Wxh, Whh, b }),
    forward: (x: tf.Tensor3D, h0: tf.Tensor2D): tf.Tensor3D => tf.tidy(() => tf.stack(run(tf.unstack(x, 1) as tf.Tensor2D[], h0).slice(1), 1) as tf.Tensor3D),
    backward: (x: tf.Tensor3D, h0: tf.Tensor2D, dH: tf.Tensor3D): Record<string, tf.Tensor> =>
      tf.tidy(() => {
        const xs = tf.unstack(x, 1) as tf.Tensor2D[];
        const gs = tf.unstack(dH, 1);
        const hs = run(xs, h0);
        const T = xs.length;
        const deltas: tf.Tensor[] = new Array(T);
        let fromLater: tf.Tensor | null = null;
        for (let t = T; t >= 1; t--) {
          const g = fromLater ? tf.add(gs[t - 1]!, fromLater) : gs[t - 1]!;
          deltas[t - 1] = tf.mul(g, tf.sub(1, tf.mul(hs[t]!, hs[t]!)));
          fromLater = tf.matMul(deltas[t - 1]!, tf.transpose(Whh));
        }
        const delta = tf.concat(deltas, 0); // [T·N, H], step-major
        return {
          Wxh: tf.matMul(tf.transpose(tf.concat(xs, 0)), delta),
          Whh: tf.matMul(tf.transpose(tf.concat(hs.slice(0, T), 0)), delta),
          b: tf.sum(delta, 0),
        };
      }),
  };
}
