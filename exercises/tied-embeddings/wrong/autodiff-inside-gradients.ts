// WRONG on purpose: the forward pass is right, but gradients() asks autodiff (tf.variableGrads)
// instead of writing the gradients by hand, which is what the exercise is about.
import * as tf from '@tensorflow/tfjs';

export function createTiedLm({ vocabSize, embedSize }: { vocabSize: number; embedSize: number }) {
  const E = tf.variable(tf.randomNormal([vocabSize, embedSize], 0, 1 / Math.sqrt(embedSize)));
  const U = tf.variable(tf.randomNormal([embedSize, embedSize], 0, 1 / Math.sqrt(embedSize)));
  const c = tf.variable(tf.zeros([embedSize]));
  const bOut = tf.variable(tf.zeros([vocabSize]));
  const oneHot = (ids: tf.Tensor1D) => tf.oneHot(tf.cast(ids, 'int32'), vocabSize).toFloat() as tf.Tensor2D;
  const logits = (tokens: tf.Tensor1D): tf.Tensor2D =>
    tf.tidy(() => tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(tf.matMul(oneHot(tokens), E), U), c)), E, false, true), bOut) as tf.Tensor2D);
  return {
    weights: (): Record<string, tf.Variable> => ({ E, U, c, bOut }),
    logits,
    gradients: (tokens: tf.Tensor1D, targets: tf.Tensor1D): Record<string, tf.Tensor> =>
      tf.tidy(() => {
        const loss = () => tf.losses.softmaxCrossEntropy(oneHot(targets), logits(tokens)) as tf.Scalar;
        const { grads } = tf.variableGrads(loss, [E, U, c, bOut]);
        return { E: grads[E.name]!, U: grads[U.name]!, c: grads[c.name]!, bOut: grads[bOut.name]! };
      }),
  };
}
