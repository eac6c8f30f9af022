// WRONG on purpose: the forward pass is right, but gradients(x) asks autodiff (tf.variableGrads)
// instead of writing the two terms of ∂L/∂W by hand, which is what the exercise is about.
import * as tf from '@tensorflow/tfjs';

export function createTiedAutoencoder({ inputSize, codeSize }: { inputSize: number; codeSize: number }) {
  const W = tf.variable(tf.randomNormal([inputSize, codeSize], 0, 1 / Math.sqrt(inputSize)));
  const b = tf.variable(tf.zeros([inputSize]));
  const encode = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.matMul(x, W));
  const reconstruct = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.add(tf.matMul(encode(x), W, false, true), b));
  return {
    weights: (): Record<string, tf.Variable> => ({ W, b }),
    encode,
    reconstruct,
    gradients: (x: tf.Tensor2D): Record<string, tf.Tensor> =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tf.mul(0.5, tf.sum(tf.square(tf.sub(reconstruct(x), x)))), [W, b]);
        return { W: grads[W.name]!, b: grads[b.name]! };
      }),
  };
}
