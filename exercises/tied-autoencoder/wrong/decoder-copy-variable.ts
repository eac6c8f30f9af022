// WRONG on purpose: the decoder reads a second variable Wt, kept equal to Wᵀ by assign() on every
// call and not declared in weights(). The outputs and the hand-written gradient are right, but an
// optimizer trains W and Wt as two weights, and the next call overwrites Wt's update.
import * as tf from '@tensorflow/tfjs';

export function createTiedAutoencoder({ inputSize, codeSize }: { inputSize: number; codeSize: number }) {
  const W = tf.variable(tf.randomNormal([inputSize, codeSize], 0, 1 / Math.sqrt(inputSize)));
  const b = tf.variable(tf.zeros([inputSize]));
  const Wt = tf.variable(tf.transpose(W));
  const encode = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.matMul(x, W));
  const reconstruct = (x: tf.Tensor2D): tf.Tensor2D =>
    tf.tidy(() => {
      Wt.assign(tf.transpose(W));
      return tf.add(tf.matMul(encode(x), Wt), b);
    });
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
