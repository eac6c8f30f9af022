// WRONG on purpose: two separate towers, one per input (no weight sharing): twice the parameters,
// and the two inputs are no longer mapped into the same embedding space.
import * as tf from '@tensorflow/tfjs';

export function createSiamese({ inputSize, hiddenSize, embedSize }: { inputSize: number; hiddenSize: number; embedSize: number }) {
  const tower = () => ({
    W1: tf.variable(tf.randomNormal([inputSize, hiddenSize], 0, 0.4)),
    b1: tf.variable(tf.zeros([hiddenSize])),
    W2: tf.variable(tf.randomNormal([hiddenSize, embedSize], 0, 0.35)),
  });
  const A = tower();
  const B = tower();
  const run = (w: ReturnType<typeof tower>, x: tf.Tensor2D): tf.Tensor2D => tf.matMul(tf.tanh(tf.add(tf.matMul(x, w.W1), w.b1)), w.W2);
  const back = (w: ReturnType<typeof tower>, x: tf.Tensor2D, gE: tf.Tensor2D): Record<string, tf.Tensor> => {
    const h = tf.tanh(tf.add(tf.matMul(x, w.W1), w.b1));
    const delta = tf.mul(tf.matMul(gE, w.W2, false, true), tf.sub(1, tf.square(h)));
    return { W1: tf.matMul(x, delta, true, false), b1: tf.sum(delta, 0), W2: tf.matMul(h, gE, true, false) };
  };
  return {
    weights: (): Record<string, tf.Variable> => ({ ...A, W1_b: B.W1, b1_b: B.b1, W2_b: B.W2 }),
    embed: (x: tf.Tensor2D) => tf.tidy(() => run(A, x)),
    distance: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.tidy(() => tf.sum(tf.square(tf.sub(run(A, a), run(B, b))), 1) as tf.Tensor1D),
    towerBackward: (x: tf.Tensor2D, gE: tf.Tensor2D) => tf.tidy(() => back(A, x, gE)),
    gradients: (a: tf.Tensor2D, b: tf.Tensor2D, dD: tf.Tensor1D) =>
      tf.tidy(() => {
        const gA = tf.mul(tf.mul(2, tf.expandDims(dD, 1)), tf.sub(run(A, a), run(B, b))) as tf.Tensor2D;
        const fromA = back(A, a, gA);
        const fromB = back(B, b, tf.neg(gA));
        return { ...fromA, W1_b: fromB.W1!, b1_b: fromB.b1!, W2_b: fromB.W2! };
      }),
  };
}
