// WRONG on purpose: the model and its gradient are right, but gradients(x) is not wrapped in
// tf.tidy: every call leaves z, G and the intermediate products behind in memory.
import * as tf from '@tensorflow/tfjs';

export interface TiedAutoencoderArgs {
  /** Input features (D). */
  inputSize: number;
  /** Code size (K < D). */
  codeSize: number;
}

export interface TiedAutoencoder {
  weights(): Record<string, tf.Variable>;
  encode(x: tf.Tensor2D): tf.Tensor2D;
  reconstruct(x: tf.Tensor2D): tf.Tensor2D;
  gradients(x: tf.Tensor2D): Record<string, tf.Tensor>;
}

export function createTiedAutoencoder({ inputSize, codeSize }: TiedAutoencoderArgs): TiedAutoencoder {
  const W = tf.variable(tf.randomNormal([inputSize, codeSize], 0, 1 / Math.sqrt(inputSize)));
  const b = tf.variable(tf.zeros([inputSize]));

  const encode = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.matMul(x, W));
  // Decoder: the SAME matrix, transposed (z Wᵀ), plus its own bias.
  const decode = (z: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.add(tf.matMul(z, W, false, true), b));

  return {
    weights: () => ({ W, b }),
    encode,
    reconstruct: (x) => tf.tidy(() => decode(encode(x))),
    gradients: (x) =>
      (() => {
        const z = encode(x);
        const G = tf.sub(decode(z), x); // ∂L/∂x̂ for L = ½ Σ (x̂ − x)²
        const fromDecoder = tf.matMul(G, z, true, false); // Gᵀ z   [D, K]
        const fromEncoder = tf.matMul(x, tf.matMul(G, W), true, false); // xᵀ (G W)   [D, K]
        return { W: tf.add(fromEncoder, fromDecoder), b: tf.sum(G, 0) };
      })(),
  };
}
