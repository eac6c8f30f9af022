// WRONG on purpose: an untied model — the output projection has its own matrix O [V, D] instead of
// reusing the embedding E: V·D extra parameters.
import * as tf from '@tensorflow/tfjs';

export function createTiedLm({ vocabSize, embedSize }: { vocabSize: number; embedSize: number }) {
  const E = tf.variable(tf.randomNormal([vocabSize, embedSize], 0, 0.5));
  const O = tf.variable(tf.randomNormal([vocabSize, embedSize], 0, 0.5));
  const U = tf.variable(tf.randomNormal([embedSize, embedSize], 0, 0.5));
  const c = tf.variable(tf.zeros([embedSize]));
  const bOut = tf.variable(tf.zeros([vocabSize]));
  const oneHot = (ids: tf.Tensor1D): tf.Tensor2D => tf.oneHot(tf.cast(ids, 'int32'), vocabSize).toFloat() as tf.Tensor2D;
  const hidden = (X: tf.Tensor2D) => tf.tanh(tf.add(tf.matMul(tf.matMul(X, E), U), c)) as tf.Tensor2D;
  const output = (h: tf.Tensor2D) => tf.add(tf.matMul(h, O, false, true), bOut) as tf.Tensor2D;
  return {
    weights: (): Record<string, tf.Variable> => ({ E, O, U, c, bOut }),
    logits: (tokens: tf.Tensor1D): tf.Tensor2D => tf.tidy(() => output(hidden(oneHot(tokens)))),
    gradients: (tokens: tf.Tensor1D, targets: tf.Tensor1D): Record<string, tf.Tensor> =>
      tf.tidy(() => {
        const X = oneHot(tokens);
        const e = tf.matMul(X, E);
        const h = hidden(X);
        const G = tf.div(tf.sub(tf.softmax(output(h)), oneHot(targets)), tokens.shape[0]);
        const delta = tf.mul(tf.matMul(G, O), tf.sub(1, tf.square(h)));
        return {
          E: tf.matMul(X, tf.matMul(delta, U, false, true), true, false),
          O: tf.matMul(G, h, true, false),
          U: tf.matMul(e, delta, true, false),
          c: tf.sum(delta, 0),
          bOut: tf.sum(G, 0),
        };
      }),
  };
}
