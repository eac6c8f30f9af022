// Right, written differently from the reference: the 1/√d goes on the queries before the product,
// the softmax is written out (max-subtracted exponentials over their sum), and the projections use
// tf.dot on the flattened tokens.
import * as tf from '@tensorflow/tfjs';

export function createSharedKvAttention({ dModel, numLayers }: { dModel: number; numLayers: number }) {
  const d = dModel;
  const make = () => tf.variable(tf.truncatedNormal([d, d], 0, 0.5 / Math.sqrt(d)));
  const wK = make();
  const wV = make();
  const layers = Array.from({ length: numLayers }, () => ({ wQ: make(), wO: make() }));
  const weights: Record<string, tf.Variable> = { wK, wV };
  layers.forEach(({ wQ, wO }, l) => {
    weights[`wQ_${l}`] = wQ;
    weights[`wO_${l}`] = wO;
  });
  const project = (h: tf.Tensor3D, w: tf.Tensor): tf.Tensor3D => {
    const [n, t] = h.shape;
    return tf.dot(h.reshape([n * t, d]), w).reshape([n, t, d]) as tf.Tensor3D;
  };
  const softmaxLast = (s: tf.Tensor3D): tf.Tensor3D => {
    const e = tf.exp(tf.sub(s, tf.max(s, -1, true)));
    return tf.div(e, tf.sum(e, -1, true)) as tf.Tensor3D;
  };
  return {
    weights: () => weights,
    apply(x: tf.Tensor3D): tf.Tensor3D {
      return tf.tidy(() =>
        layers.reduce((h, { wQ, wO }) => {
          const q = project(h, wQ).mul(1 / Math.sqrt(d)) as tf.Tensor3D;
          const attn = tf.matMul(softmaxLast(tf.matMul(q, project(h, wK), false, true) as tf.Tensor3D), project(h, wV)) as tf.Tensor3D;
          return h.add(project(attn, wO)) as tf.Tensor3D;
        }, x),
      );
    },
  };
}
