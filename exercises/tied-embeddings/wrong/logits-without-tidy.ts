// WRONG on purpose: the model and its gradient are right, but logits() is not wrapped in tf.tidy:
// every call leaves its one-hot matrix, embeddings and hidden state behind in memory.
import * as tf from '@tensorflow/tfjs';

export interface TiedLmArgs {
  /** Number of tokens in the vocabulary (V). */
  vocabSize: number;
  /** Embedding width (D). */
  embedSize: number;
}

export interface TiedLm {
  weights(): Record<string, tf.Variable>;
  logits(tokens: tf.Tensor1D): tf.Tensor2D;
  gradients(tokens: tf.Tensor1D, targets: tf.Tensor1D): Record<string, tf.Tensor>;
}

export function createTiedLm({ vocabSize, embedSize }: TiedLmArgs): TiedLm {
  const E = tf.variable(tf.randomNormal([vocabSize, embedSize], 0, 1 / Math.sqrt(embedSize)));
  const U = tf.variable(tf.randomNormal([embedSize, embedSize], 0, 1 / Math.sqrt(embedSize)));
  const c = tf.variable(tf.zeros([embedSize]));
  const bOut = tf.variable(tf.zeros([vocabSize]));

  // Embedding lookup as a one-hot matmul: wasm has no gradient for gather.
  const oneHot = (ids: tf.Tensor1D): tf.Tensor2D => tf.oneHot(tf.cast(ids, 'int32'), vocabSize).toFloat() as tf.Tensor2D;
  const hidden = (X: tf.Tensor2D) => tf.tanh(tf.add(tf.matMul(tf.matMul(X, E), U), c)) as tf.Tensor2D;
  const output = (h: tf.Tensor2D) => tf.add(tf.matMul(h, E, false, true), bOut) as tf.Tensor2D; // the same E, transposed

  return {
    weights: () => ({ E, U, c, bOut }),
    logits: (tokens) => output(hidden(oneHot(tokens))),
    gradients: (tokens, targets) =>
      tf.tidy(() => {
        const n = tokens.shape[0];
        const X = oneHot(tokens);
        const e = tf.matMul(X, E);
        const h = hidden(X);
        // Mean cross-entropy: ∂L/∂logits = (softmax − one-hot(target)) / N.
        const G = tf.div(tf.sub(tf.softmax(output(h)), oneHot(targets)), n);
        const fromOutput = tf.matMul(G, h, true, false); // Gᵀh   [V, D]
        const delta = tf.mul(tf.matMul(G, E), tf.sub(1, tf.square(h)));
        const gE = tf.matMul(delta, U, false, true); // ∂L/∂e
        const fromInput = tf.matMul(X, gE, true, false); // Xᵀ ∂L/∂e   [V, D]
        return {
          E: tf.add(fromInput, fromOutput),
          U: tf.matMul(e, delta, true, false),
          c: tf.sum(delta, 0),
          bOut: tf.sum(G, 0),
        };
      }),
  };
}
