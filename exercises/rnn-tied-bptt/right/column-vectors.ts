// RIGHT, written differently from the reference: the recursion is run with COLUMN vectors inside
// (states [H, N], h_t = tanh(W_xhᵀ x_tᵀ + W_hhᵀ h_{t−1} + b)), and the backward pass works with the
// transposed quantities: ∂W_hh = Σ_t h_{t−1} δ_tᵀ with δ_t = (g_t) ⊙ (1 − h_t²) as [H, N] columns.
// Only the API's tensors are row-major. The weights are stored as the statement asks.
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
  const column = (t: tf.Tensor) => tf.transpose(t) as tf.Tensor2D;
  const bias = () => tf.reshape(b, [hiddenSize, 1]);
  /** Columns [H, N]: [h_0, …, h_T]; and the input columns x_t [D, N]. */
  function states(x: tf.Tensor3D, h0: tf.Tensor2D): { hs: tf.Tensor2D[]; xs: tf.Tensor2D[] } {
    const xs = (tf.unstack(x, 1) as tf.Tensor2D[]).map(column);
    const hs = [column(h0)];
    for (const xt of xs) hs.push(tf.tanh(tf.add(tf.add(tf.matMul(Wxh, xt, true, false), tf.matMul(Whh, hs[hs.length - 1]!, true, false)), bias())) as tf.Tensor2D);
    return { hs, xs };
  }
  return {
    weights: () => ({ Wxh, Whh, b }),
    forward: (x: tf.Tensor3D, h0: tf.Tensor2D): tf.Tensor3D => tf.tidy(() => tf.stack(states(x, h0).hs.slice(1).map(column), 1) as tf.Tensor3D),
    backward: (x: tf.Tensor3D, h0: tf.Tensor2D, dH: tf.Tensor3D): Record<string, tf.Tensor> =>
      tf.tidy(() => {
        const { hs, xs } = states(x, h0);
        const gs = (tf.unstack(dH, 1) as tf.Tensor2D[]).map(column);
        let gWxh: tf.Tensor = tf.zeros([inputSize, hiddenSize]);
        let gWhh: tf.Tensor = tf.zeros([hiddenSize, hiddenSize]);
        let gb: tf.Tensor = tf.zeros([hiddenSize]);
        let back: tf.Tensor = tf.zerosLike(gs[0]!);
        for (let t = xs.length; t >= 1; t--) {
          const delta = tf.mul(tf.add(gs[t - 1]!, back), tf.sub(1, tf.square(hs[t]!))); // [H, N]
          gWhh = tf.add(gWhh, tf.matMul(hs[t - 1]!, delta, false, true)); // h_{t−1} δ_tᵀ: [H, H]
          gWxh = tf.add(gWxh, tf.matMul(xs[t - 1]!, delta, false, true)); // x_t δ_tᵀ: [D, H]
          gb = tf.add(gb, tf.sum(delta, 1));
          back = tf.matMul(Whh, delta); // W_hh δ_t: what step t sends to h_{t−1}
        }
        return { Wxh: gWxh, Whh: gWhh, b: gb };
      }),
  };
}
