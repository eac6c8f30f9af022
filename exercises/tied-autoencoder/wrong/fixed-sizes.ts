// WRONG on purpose: the sizes of the example in the statement (D = 8, K = 3) are hard-coded
// instead of read from inputSize and codeSize; everything else is right.
import * as tf from '@tensorflow/tfjs';

const D = 8;
const K = 3;

export function createTiedAutoencoder(_args: { inputSize: number; codeSize: number }) {
  const W = tf.variable(tf.randomNormal([D, K], 0, 1 / Math.sqrt(D)));
  const b = tf.variable(tf.zeros([D]));
  const encode = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.matMul(x, W));
  const reconstruct = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.add(tf.matMul(encode(x), W, false, true), b));
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
