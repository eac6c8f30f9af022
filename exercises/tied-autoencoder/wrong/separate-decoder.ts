// WRONG on purpose: an untied autoencoder — the decoder has its own matrix V instead of Wᵀ:
// twice the matrix parameters, and the end-to-end map W V is no longer symmetric.
import * as tf from '@tensorflow/tfjs';

export function createTiedAutoencoder({ inputSize, codeSize }: { inputSize: number; codeSize: number }) {
  const W = tf.variable(tf.randomNormal([inputSize, codeSize], 0, 0.35));
  const V = tf.variable(tf.randomNormal([codeSize, inputSize], 0, 0.35));
  const b = tf.variable(tf.zeros([inputSize]));
  const encode = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.matMul(x, W));
  const reconstruct = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.add(tf.matMul(encode(x), V), b));
  return {
    weights: (): Record<string, tf.Variable> => ({ W, V, b }),
    encode,
    reconstruct,
    gradients: (x: tf.Tensor2D): Record<string, tf.Tensor> =>
      tf.tidy(() => {
        const z = encode(x);
        const G = tf.sub(reconstruct(x), x);
        return { W: tf.matMul(x, tf.matMul(G, V, false, true), true, false), V: tf.matMul(z, G, true, false), b: tf.sum(G, 0) };
      }),
  };
}
