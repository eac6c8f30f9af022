// WRONG on purpose: embed() computes with tensors made from the weights' current values
// (tf.tensor(w.dataSync())), not with the shared variables. The embeddings, distances and the
// hand-written gradients are all right, but no gradient flows through the forward pass: an
// optimizer could never train the tower. The messages must blame the forward pass, not gradients().
import * as tf from '@tensorflow/tfjs';

export interface SiameseArgs {
  /** Input features (D). */
  inputSize: number;
  /** Hidden units of the tower (H). */
  hiddenSize: number;
  /** Embedding size (E). */
  embedSize: number;
}

export function createSiamese({ inputSize, hiddenSize, embedSize }: SiameseArgs) {
  const W1 = tf.variable(tf.randomNormal([inputSize, hiddenSize], 0, 1 / Math.sqrt(inputSize)));
  const b1 = tf.variable(tf.zeros([hiddenSize]));
  const W2 = tf.variable(tf.randomNormal([hiddenSize, embedSize], 0, 1 / Math.sqrt(hiddenSize)));
  const copy = (v: tf.Variable) => tf.tensor(v.dataSync(), v.shape);
  const hidden = (x: tf.Tensor2D) => tf.tanh(tf.add(tf.matMul(x, copy(W1) as tf.Tensor2D), copy(b1))) as tf.Tensor2D;
  const embed = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.matMul(hidden(x), copy(W2) as tf.Tensor2D));
  function towerBackward(x: tf.Tensor2D, gE: tf.Tensor2D): Record<string, tf.Tensor> {
    return tf.tidy(() => {
      const h = hidden(x);
      const delta = tf.mul(tf.matMul(gE, W2, false, true), tf.sub(1, tf.square(h)));
      return { W1: tf.matMul(x, delta, true, false), b1: tf.sum(delta, 0), W2: tf.matMul(h, gE, true, false) };
    });
  }
  return {
    weights: () => ({ W1, b1, W2 }),
    embed,
    distance: (a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D => tf.tidy(() => tf.sum(tf.square(tf.sub(embed(a), embed(b))), 1) as tf.Tensor1D),
    towerBackward,
    gradients: (a: tf.Tensor2D, b: tf.Tensor2D, dD: tf.Tensor1D): Record<string, tf.Tensor> =>
      tf.tidy(() => {
        const gA = tf.mul(tf.mul(2, tf.expandDims(dD, 1)), tf.sub(embed(a), embed(b))) as tf.Tensor2D;
        const fromA = towerBackward(a, gA);
        const fromB = towerBackward(b, tf.neg(gA));
        return { W1: tf.add(fromA.W1!, fromB.W1!), b1: tf.add(fromA.b1!, fromB.b1!), W2: tf.add(fromA.W2!, fromB.W2!) };
      }),
  };
}
