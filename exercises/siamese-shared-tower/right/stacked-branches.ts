// RIGHT, written differently from the reference: gradients() runs the tower's backward pass ONCE,
// on both branches stacked as one batch [a; b] with upstream gradients [∂L/∂e_a; −∂L/∂e_a]. A sum over
// the rows of the stacked batch is exactly the sum of the two branches' contributions.
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
  const hidden = (x: tf.Tensor2D) => tf.tanh(tf.add(tf.matMul(x, W1), b1)) as tf.Tensor2D;
  const embed = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.matMul(hidden(x), W2));
  function towerBackward(x: tf.Tensor2D, gE: tf.Tensor2D): Record<string, tf.Tensor> {
    return tf.tidy(() => {
      const h = hidden(x);
      const delta = tf.mul(tf.matMul(gE, tf.transpose(W2)), tf.sub(1, tf.mul(h, h)));
      return { W1: tf.matMul(tf.transpose(x), delta), b1: tf.sum(delta, 0), W2: tf.matMul(tf.transpose(h), gE) };
    });
  }
  return {
    weights: () => ({ W1, b1, W2 }),
    embed,
    distance: (a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D =>
      tf.tidy(() => {
        const diff = tf.sub(embed(a), embed(b));
        return tf.sum(tf.mul(diff, diff), 1) as tf.Tensor1D;
      }),
    towerBackward,
    gradients: (a: tf.Tensor2D, b: tf.Tensor2D, dD: tf.Tensor1D): Record<string, tf.Tensor> =>
      tf.tidy(() => {
        const gA = tf.mul(tf.reshape(tf.mul(dD, 2), [-1, 1]), tf.sub(embed(a), embed(b))) as tf.Tensor2D;
        return towerBackward(tf.concat([a, b], 0), tf.concat([gA, tf.neg(gA)], 0) as tf.Tensor2D);
      }),
  };
}
