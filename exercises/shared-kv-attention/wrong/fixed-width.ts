// WRONG on purpose: the width of the statement's example (d = 8) is hard-coded instead of read
// from dModel; everything else is right.
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

const d = 8;

export function createSharedKvAttention({ numLayers }: SharedKvAttentionArgs): SharedKvAttention {
  const init = () => tf.variable(tf.randomNormal([d, d], 0, 1 / Math.sqrt(d)));
  const ws: Record<string, tf.Variable> = { wK: init(), wV: init() };
  for (let l = 0; l < numLayers; l++) {
    ws[`wQ_${l}`] = init();
    ws[`wO_${l}`] = init();
  }
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
          const k = proj(h, ws.wK!);
          const v = proj(h, ws.wV!);
          const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(d));
          const attn = tf.matMul(tf.softmax(scores), v) as tf.Tensor3D;
          h = tf.add(h, proj(attn, ws[`wO_${l}`]!));
        }
        return h;
      }),
  };
}
