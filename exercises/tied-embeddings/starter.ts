// Tied embeddings: the output projection of this tiny language model is the TRANSPOSED input
// embedding (logits = h Eᵀ). Read the statement for the exact API and weight layout.
// Embedding lookup must be a one-hot matmul: the grader's wasm backend has no gradient for gather.
import * as tf from '@tensorflow/tfjs';

export interface TiedLmArgs {
  /** Number of tokens in the vocabulary (V). */
  vocabSize: number;
  /** Embedding width (D). */
  embedSize: number;
}

export interface TiedLm {
  /** Every trainable weight, by name: `E` [V, D], `U` [D, D], `c` [D], `bOut` [V]. */
  weights(): Record<string, tf.Variable>;
  /** tokens: int32 [N] -> next-token logits [N, V] = tanh(onehot(tokens) E U + c) Eᵀ + bOut. */
  logits(tokens: tf.Tensor1D): tf.Tensor2D;
  /** Gradients of the mean cross-entropy w.r.t. E, U, c, bOut, by hand. */
  gradients(tokens: tf.Tensor1D, targets: tf.Tensor1D): Record<string, tf.Tensor>;
}

export function createTiedLm({ vocabSize, embedSize }: TiedLmArgs): TiedLm {
  // TODO: create E, U, c and bOut once, here, as tf.variable with random initial values.
  // Look tokens up with tf.matMul(tf.oneHot(tokens, vocabSize).toFloat(), E) — not tf.gather.
  return {
    weights: () => ({}),
    // TODO: the output projection reuses E, transposed.
    logits: (tokens) => tf.tidy(() => tf.zeros([tokens.shape[0], vocabSize]) as tf.Tensor2D),
    // TODO: E's gradient has one term per use (input lookup and output projection).
    gradients: (tokens, targets) => {
      void tokens;
      void targets;
      return { E: tf.zeros([vocabSize, embedSize]), U: tf.zeros([embedSize, embedSize]), c: tf.zeros([embedSize]), bOut: tf.zeros([vocabSize]) };
    },
  };
}
