// WRONG on purpose: the sizes of the example in the statement (V = 10, D = 4) are hard-coded
// instead of read from vocabSize and embedSize; everything else is right.
import * as tf from '@tensorflow/tfjs';

const V = 10;
const D = 4;

export function createTiedLm(_args: { vocabSize: number; embedSize: number }) {
  const E = tf.variable(tf.randomNormal([V, D], 0, 1 / Math.sqrt(D)));
  const U = tf.variable(tf.randomNormal([D, D], 0, 1 / Math.sqrt(D)));
  const c = tf.variable(tf.zeros([D]));
  const bOut = tf.variable(tf.zeros([V]));
  const oneHot = (ids: tf.Tensor1D) => tf.oneHot(tf.cast(ids, 'int32'), V).toFloat() as tf.Tensor2D;
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
