// WRONG on purpose: the weights live at module level, created on the first call of createTiedLm and
// shared by every model created afterwards: two models cannot hold different weights.
import * as tf from '@tensorflow/tfjs';

let shared: { E: tf.Variable; U: tf.Variable; c: tf.Variable; bOut: tf.Variable } | null = null;

export function createTiedLm({ vocabSize, embedSize }: { vocabSize: number; embedSize: number }) {
  if (!shared || shared.E.isDisposed || shared.E.shape[0] !== vocabSize || shared.E.shape[1] !== embedSize) {
    shared = {
      E: tf.variable(tf.randomNormal([vocabSize, embedSize], 0, 1 / Math.sqrt(embedSize))),
      U: tf.variable(tf.randomNormal([embedSize, embedSize], 0, 1 / Math.sqrt(embedSize))),
      c: tf.variable(tf.zeros([embedSize])),
      bOut: tf.variable(tf.zeros([vocabSize])),
    };
  }
  const { E, U, c, bOut } = shared;
  const oneHot = (ids: tf.Tensor1D) => tf.oneHot(tf.cast(ids, 'int32'), vocabSize).toFloat() as tf.Tensor2D;
  const hidden = (X: tf.Tensor2D) => tf.tanh(tf.add(tf.matMul(tf.matMul(X, E), U), c)) as tf.Tensor2D;
  return {
    weights: (): Record<string, tf.Variable> => ({ E, U, c, bOut }),
    logits: (tokens: tf.Tensor1D): tf.Tensor2D => tf.tidy(() => tf.add(tf.matMul(hidden(oneHot(tokens)), E, false, true), bOut) as tf.Tensor2D),
    gradients: (tokens: tf.Tensor1D, targets: tf.Tensor1D): Record<string, tf.Tensor> =>
      tf.tidy(() => {
        const X = oneHot(tokens);
        const e = tf.matMul(X, E);
        const h = hidden(X);
        const G = tf.div(tf.sub(tf.softmax(tf.add(tf.matMul(h, E, false, true), bOut)), oneHot(targets)), tokens.shape[0]);
        const delta = tf.mul(tf.matMul(G, E), tf.sub(1, tf.square(h)));
        return {
          E: tf.add(tf.matMul(X, tf.matMul(delta, U, false, true), true, false), tf.matMul(G, h, true, false)),
          U: tf.matMul(e, delta, true, false),
          c: tf.sum(delta, 0),
          bOut: tf.sum(G, 0),
        };
      }),
  };
}
