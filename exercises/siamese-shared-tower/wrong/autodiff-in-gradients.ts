// WRONG on purpose: gradients() is not written by hand; it asks tfjs autodiff (tf.variableGrads)
// for the gradient of sum(dD ⊙ distance(a, b)). The numbers are right, the exercise is not done.
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
  const distance = (a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D => tf.tidy(() => tf.sum(tf.square(tf.sub(embed(a), embed(b))), 1) as tf.Tensor1D);
  return {
    weights: () => ({ W1, b1, W2 }),
    embed,
    distance,
    towerBackward: (x: tf.Tensor2D, gE: tf.Tensor2D): Record<string, tf.Tensor> =>
      tf.tidy(() => {
        const h = hidden(x);
        const delta = tf.mul(tf.matMul(gE, W2, false, true), tf.sub(1, tf.square(h)));
        return { W1: tf.matMul(x, delta, true, false), b1: tf.sum(delta, 0), W2: tf.matMul(h, gE, true, false) };
      }),
    gradients: (a: tf.Tensor2D, b: tf.Tensor2D, dD: tf.Tensor1D): Record<string, tf.Tensor> =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(dD, distance(a, b))), [W1, b1, W2]);
        value.dispose();
        return { W1: grads[W1.name]!, b1: grads[b1.name]!, W2: grads[W2.name]! };
      }),
  };
}
