// WRONG on purpose: encode and reconstruct compute with a detached copy of W (its numbers read back
// with dataSync), so the values are right but no gradient reaches the declared variable: trained
// with optimizer.minimize, W would never move. gradients(x) itself is right.
import * as tf from '@tensorflow/tfjs';

export function createTiedAutoencoder({ inputSize, codeSize }: { inputSize: number; codeSize: number }) {
  const W = tf.variable(tf.randomNormal([inputSize, codeSize], 0, 1 / Math.sqrt(inputSize)));
  const b = tf.variable(tf.zeros([inputSize]));
  const copy = () => tf.tensor2d(W.dataSync(), [inputSize, codeSize]);
  const encode = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.matMul(x, copy()));
  const reconstruct = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.add(tf.matMul(encode(x), copy(), false, true), b));
  return {
    weights: (): Record<string, tf.Variable> => ({ W, b }),
    encode,
    reconstruct,
    gradients: (x: tf.Tensor2D): Record<string, tf.Tensor> =>
      tf.tidy(() => {
        const z = tf.matMul(x, W);
        const G = tf.sub(tf.add(tf.matMul(z, W, false, true), b), x);
        return { W: tf.add(tf.matMul(x, tf.matMul(G, W), true, false), tf.matMul(G, z, true, false)), b: tf.sum(G, 0) };
      }),
  };
}
