// Shared key/value attention: L residual single-head attention layers that all use ONE W_K and
// ONE W_V; each layer has its own W_Q and W_O. Read the statement for the exact API and names.
import * as tf from '@tensorflow/tfjs';

export interface SharedKvAttentionArgs {
  /** Width of every token vector (d). */
  dModel: number;
  /** Number of stacked attention layers (L). */
  numLayers: number;
}

export interface SharedKvAttention {
  /** Every trainable weight by name: `wK`, `wV` (shared) and `wQ_<l>`, `wO_<l>` for l = 0..L-1, all [d, d]. */
  weights(): Record<string, tf.Variable>;
  /** x: [N, T, d] -> [N, T, d]. */
  apply(x: tf.Tensor3D): tf.Tensor3D;
}

export function createSharedKvAttention({ dModel, numLayers }: SharedKvAttentionArgs): SharedKvAttention {
  // TODO: create wK and wV once, and wQ_l, wO_l for every layer (tf.variable, random values).
  const ws: Record<string, tf.Variable> = {};
  void dModel;
  return {
    weights: () => ws,
    apply: (x) =>
      tf.tidy(() => {
        let h = x;
        for (let l = 0; l < numLayers; l++) {
          // TODO: h = h + softmax(Q Kᵀ / √d) V W_O^l with Q = h W_Q^l, K = h W_K, V = h W_V.
          h = tf.add(h, tf.zerosLike(h));
        }
        return h;
      }),
  };
}
