// WRONG on purpose: every layer keeps its own W_K, W_V variables (not declared in weights()), copied
// from the shared ones by assign() at each call. Outputs are right, but optimizer.minimize trains the
// per-layer copies, and the shared W_K, W_V never learn.
import * as tf from '@tensorflow/tfjs';

export interface SharedKvAttentionArgs {
  /** Width of every token vector (d). */
  dModel: number;
  /** Number of stacked attention layers (L). */
  numLayers: number;
}

export interface SharedKvAttention {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor3D): tf.Tensor3D;
}

export function createSharedKvAttention({ dModel: d, numLayers }: SharedKvAttentionArgs): SharedKvAttention {
  const init = () => tf.variable(tf.randomNormal([d, d], 0, 1 / Math.sqrt(d)));
  const ws: Record<string, tf.Variable> = { wK: init(), wV: init() };
  for (let l = 0; l < numLayers; l++) {
    ws[`wQ_${l}`] = init();
    ws[`wO_${l}`] = init();
  }
  const copies = Array.from({ length: numLayers }, () => ({ wK: tf.variable(ws.wK!.clone()), wV: tf.variable(ws.wV!.clone()) }));
  const proj = (h: tf.Tensor3D, w: tf.Variable): tf.Tensor3D => {
    const [n, t] = h.shape;
    return tf.reshape(tf.matMul(tf.reshape(h, [n * t, d]), w as tf.Tensor2D), [n, t, d]);
  };
  return {
    weights: () => ws,
    apply: (x) =>
      tf.tidy(() => {
        let h = x;
        for (let l = 0; l < numLayers; l++) {
          const q = proj(h, ws[`wQ_${l}`]!);
          copies[l]!.wK.assign(ws.wK!);
          copies[l]!.wV.assign(ws.wV!);
          const k = proj(h, copies[l]!.wK);
          const v = proj(h, copies[l]!.wV);
          const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(d));
          const attn = tf.matMul(tf.softmax(scores), v) as tf.Tensor3D;
          h = tf.add(h, proj(attn, ws[`wO_${l}`]!));
        }
        return h;
      }),
  };
}
