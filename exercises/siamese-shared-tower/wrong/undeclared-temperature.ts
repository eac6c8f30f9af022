// WRONG on purpose: a learned temperature scales the distance, created with the model but never
// declared by weights(). It starts at 1, so distances and the hand-written gradients are right;
// trained with optimizer.minimize(f) it becomes an uncounted parameter of the comparison.
import * as tf from '@tensorflow/tfjs';

export interface SiameseArgs {
  /** Input features (D). */
  inputSize: number;
  /** Hidden units of the tower (H). */
  hiddenSize: number;
  /** Embedding size (E). */
  embedSize: number;
}

export interface Siamese {
  weights(): Record<string, tf.Variable>;
  embed(x: tf.Tensor2D): tf.Tensor2D;
  distance(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D;
  towerBackward(x: tf.Tensor2D, gE: tf.Tensor2D): Record<string, tf.Tensor>;
  gradients(a: tf.Tensor2D, b: tf.Tensor2D, dD: tf.Tensor1D): Record<string, tf.Tensor>;
}

export function createSiamese({ inputSize, hiddenSize, embedSize }: SiameseArgs): Siamese {
  const W1 = tf.variable(tf.randomNormal([inputSize, hiddenSize], 0, 1 / Math.sqrt(inputSize)));
  const b1 = tf.variable(tf.zeros([hiddenSize]));
  const W2 = tf.variable(tf.randomNormal([hiddenSize, embedSize], 0, 1 / Math.sqrt(hiddenSize)));
  // A learned temperature for the distance: starts at 1, never declared.
  const temperature = tf.variable(tf.scalar(1));

  const hidden = (x: tf.Tensor2D): tf.Tensor2D => tf.tanh(tf.add(tf.matMul(x, W1), b1)) as tf.Tensor2D;
  const embed = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.matMul(hidden(x), W2));

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
    distance: (a, b) => tf.tidy(() => tf.mul(tf.sum(tf.square(tf.sub(embed(a), embed(b))), 1), temperature) as tf.Tensor1D),
    towerBackward,
    gradients: (a, b, dD) =>
      tf.tidy(() => {
        // d = |e_a − e_b|²: ∂L/∂e_a = 2·dD·(e_a − e_b), ∂L/∂e_b = −∂L/∂e_a.
        const gA = tf.mul(tf.mul(2, tf.expandDims(dD, 1)), tf.sub(embed(a), embed(b))) as tf.Tensor2D;
        const fromA = towerBackward(a, gA);
        const fromB = towerBackward(b, tf.neg(gA));
        const total: Record<string, tf.Tensor> = {};
        for (const name of Object.keys(fromA)) total[name] = tf.add(fromA[name]!, fromB[name]!); // the tie: add both uses
        return total;
      }),
  };
}
