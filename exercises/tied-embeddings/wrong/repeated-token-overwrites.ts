// WRONG on purpose: the input use's gradient is written row by row into a plain array, and a token
// that occurs twice in the batch OVERWRITES its row instead of adding to it. Right whenever every
// token of the batch is different.
import * as tf from '@tensorflow/tfjs';

export function createTiedLm({ vocabSize, embedSize }: { vocabSize: number; embedSize: number }) {
  const E = tf.variable(tf.randomNormal([vocabSize, embedSize], 0, 1 / Math.sqrt(embedSize)));
  const U = tf.variable(tf.randomNormal([embedSize, embedSize], 0, 1 / Math.sqrt(embedSize)));
  const c = tf.variable(tf.zeros([embedSize]));
  const bOut = tf.variable(tf.zeros([vocabSize]));
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
        const gE = tf.matMul(delta, U, false, true).arraySync() as number[][];
        const rows = Array.from({ length: vocabSize }, () => new Array<number>(embedSize).fill(0));
        Array.from(tokens.dataSync()).forEach((t, n) => {
          rows[t] = gE[n]!; // should be +=
        });
        return { E: tf.add(tf.tensor2d(rows), tf.matMul(G, h, true, false)), U: tf.matMul(e, delta, true, false), c: tf.sum(delta, 0), bOut: tf.sum(G, 0) };
      }),
  };
}
