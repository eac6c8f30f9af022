// Right, written differently from the reference: the lookup is tf.gather (the usual embedding
// lookup), the output projection uses an explicit tf.transpose, and the input use's gradient is
// scattered back to the rows with tf.unsortedSegmentSum.
import * as tf from '@tensorflow/tfjs';

export function createTiedLm({ vocabSize: V, embedSize: D }: { vocabSize: number; embedSize: number }) {
  const E = tf.variable(tf.randomNormal([V, D], 0, 1 / Math.sqrt(D)));
  const U = tf.variable(tf.randomNormal([D, D], 0, 1 / Math.sqrt(D)));
  const c = tf.variable(tf.zeros([D]));
  const bOut = tf.variable(tf.zeros([V]));
  const forward = (tokens: tf.Tensor1D) => {
    const e = tf.gather(E, tf.cast(tokens, 'int32')) as tf.Tensor2D; // [N, D]
    const h = tf.tanh(e.matMul(U).add(c)) as tf.Tensor2D;
    return { e, h, logits: h.matMul(tf.transpose(E)).add(bOut) as tf.Tensor2D };
  };
  return {
    weights: () => ({ E, U, c, bOut }),
    logits: (tokens: tf.Tensor1D) => tf.tidy(() => forward(tokens).logits),
    gradients(tokens: tf.Tensor1D, targets: tf.Tensor1D): Record<string, tf.Tensor> {
      return tf.tidy(() => {
        const { e, h, logits } = forward(tokens);
        const N = tokens.shape[0];
        const G = tf.softmax(logits).sub(tf.oneHot(tf.cast(targets, 'int32'), V)).div(N) as tf.Tensor2D;
        const delta = G.matMul(E).mul(tf.scalar(1).sub(h.square())) as tf.Tensor2D;
        const dE = delta.matMul(tf.transpose(U)); // ∂L/∂e, one row per token
        const inputUse = tf.unsortedSegmentSum(dE, tf.cast(tokens, 'int32'), V); // rows of repeated tokens add up
        return { E: inputUse.add(G.transpose().matMul(h)), U: e.transpose().matMul(delta), c: delta.sum(0), bOut: G.sum(0) };
      });
    },
  };
}
