// WRONG on purpose: Wᵀ is computed once, when the model is created, and kept: the decoder never
// sees weights assigned later (by the grader, or by an optimizer during training).
import * as tf from '@tensorflow/tfjs';

export function createTiedAutoencoder({ inputSize, codeSize }: { inputSize: number; codeSize: number }) {
  const W = tf.variable(tf.randomNormal([inputSize, codeSize], 0, 1 / Math.sqrt(inputSize)));
  const b = tf.variable(tf.zeros([inputSize]));
  const Wt = tf.keep(tf.transpose(W));
  const encode = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.matMul(x, W));
  const reconstruct = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.add(tf.matMul(encode(x), Wt), b));
  return {
    weights: (): Record<string, tf.Variable> => ({ W, b }),
    encode,
    reconstruct,
    gradients: (x: tf.Tensor2D): Record<string, tf.Tensor> =>
      tf.tidy(() => {
        const z = encode(x);
        const G = tf.sub(reconstruct(x), x);
        return { W: tf.add(tf.matMul(x, tf.matMul(G, W), true, false), tf.matMul(G, z, true, false)), b: tf.sum(G, 0) };
      }),
  };
}
