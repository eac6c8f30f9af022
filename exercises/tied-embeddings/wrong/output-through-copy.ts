// WRONG on purpose: the output projection multiplies by a detached copy of E (its numbers read back
// with dataSync), so autodiff — and any optimizer — sees only the input use of E. The logits and
// the hand-written gradient are right.
import * as tf from '@tensorflow/tfjs';

export function createTiedLm({ vocabSize, embedSize }: { vocabSize: number; embedSize: number }) {
  const E = tf.variable(tf.randomNormal([vocabSize, embedSize], 0, 1 / Math.sqrt(embedSize)));
  const U = tf.variable(tf.randomNormal([embedSize, embedSize], 0, 1 / Math.sqrt(embedSize)));
  const c = tf.variable(tf.zeros([embedSize]));
  const bOut = tf.variable(tf.zeros([vocabSize]));
  const oneHot = (ids: tf.Tensor1D) => tf.oneHot(tf.cast(ids, 'int32'), vocabSize).toFloat() as tf.Tensor2D;
  const hidden = (X: tf.Tensor2D) => tf.tanh(tf.add(tf.matMul(tf.matMul(X, E), U), c)) as tf.Tensor2D;
  const outputMatrix = () => tf.tensor2d(E.dataSync(), [vocabSize, embedSize]);
  return {
    weights: (): Record<string, tf.Variable> => ({ E, U, c, bOut }),
    logits: (tokens: tf.Tensor1D): tf.Tensor2D => tf.tidy(() => tf.add(tf.matMul(hidden(oneHot(tokens)), outputMatrix(), false, true), bOut) as tf.Tensor2D),
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
