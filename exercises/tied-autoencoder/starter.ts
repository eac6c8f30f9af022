// Tied linear autoencoder: the decoder is the TRANSPOSE of the encoder matrix, not a new matrix.
// Read the statement for the exact API and weight layout the grader expects.
import * as tf from '@tensorflow/tfjs';

export interface TiedAutoencoderArgs {
  /** Input features (D). */
  inputSize: number;
  /** Code size (K < D). */
  codeSize: number;
}

export interface TiedAutoencoder {
  /** Every trainable weight, by name: `W` [D, K] and `b` [D]. */
  weights(): Record<string, tf.Variable>;
  /** x: [N, D] -> z = x W: [N, K]. */
  encode(x: tf.Tensor2D): tf.Tensor2D;
  /** x: [N, D] -> x̂ = z Wᵀ + b: [N, D]. */
  reconstruct(x: tf.Tensor2D): tf.Tensor2D;
  /** Gradients of L = ½ Σ (x̂ − x)² w.r.t. W and b, by hand: { W: [D, K], b: [D] }. */
  gradients(x: tf.Tensor2D): Record<string, tf.Tensor>;
}

export function createTiedAutoencoder({ inputSize, codeSize }: TiedAutoencoderArgs): TiedAutoencoder {
  // TODO: create W and b once, here, as tf.variable with random initial values.
  return {
    weights: () => ({}),
    // TODO: z = x W.
    encode: (x) => tf.tidy(() => tf.zeros([x.shape[0], codeSize]) as tf.Tensor2D),
    // TODO: x̂ = encode(x) Wᵀ + b — the same W, transposed.
    reconstruct: (x) => tf.tidy(() => tf.zeros([x.shape[0], inputSize]) as tf.Tensor2D),
    // TODO: W is used twice; its gradient has one term per use.
    gradients: (x) => {
      void x;
      return { W: tf.zeros([inputSize, codeSize]), b: tf.zeros([inputSize]) };
    },
  };
}
