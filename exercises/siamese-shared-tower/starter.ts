// Siamese network: ONE encoder (tower) applied to both inputs of a pair, compared by a distance.
// Read the statement for the exact API and weight layout the grader expects.
import * as tf from '@tensorflow/tfjs';

export interface SiameseArgs {
  /** Input features (D). */
  inputSize: number;
  /** Hidden units of the tower (H). */
  hiddenSize: number;
  /** Embedding size (E). */
  embedSize: number;
}

export interface Siamese {
  /** Every trainable weight, by name: `W1` [D, H], `b1` [H], `W2` [H, E]. */
  weights(): Record<string, tf.Variable>;
  /** x: [N, D] -> e = tanh(x W1 + b1) W2: [N, E]. */
  embed(x: tf.Tensor2D): tf.Tensor2D;
  /** a, b: [N, D] -> d_n = |e(a_n) − e(b_n)|²: [N]. */
  distance(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D;
  /** Gradients of sum(gE ⊙ embed(x)) w.r.t. W1, b1, W2 (ONE branch). */
  towerBackward(x: tf.Tensor2D, gE: tf.Tensor2D): Record<string, tf.Tensor>;
  /** Gradients of L = sum(dD ⊙ distance(a, b)) w.r.t. W1, b1, W2 (BOTH branches); dD holds the per-pair loss weights w. */
  gradients(a: tf.Tensor2D, b: tf.Tensor2D, dD: tf.Tensor1D): Record<string, tf.Tensor>;
}

export function createSiamese({ inputSize, hiddenSize, embedSize }: SiameseArgs): Siamese {
  // TODO: create W1, b1, W2 once, here, as tf.variable with random initial values.
  void inputSize;
  void hiddenSize;
  const zeros = (): Record<string, tf.Tensor> => ({
    W1: tf.zeros([inputSize, hiddenSize]),
    b1: tf.zeros([hiddenSize]),
    W2: tf.zeros([hiddenSize, embedSize]),
  });
  return {
    weights: () => ({}),
    // TODO: e = tanh(x W1 + b1) W2.
    embed: (x) => tf.tidy(() => tf.zeros([x.shape[0], embedSize]) as tf.Tensor2D),
    // TODO: squared Euclidean distance between embed(a) and embed(b), one value per row.
    distance: (a, b) =>
      tf.tidy(() => {
        void b;
        return tf.zeros([a.shape[0]]) as tf.Tensor1D;
      }),
    // TODO: backpropagate gE through ONE use of the tower.
    towerBackward: (x, gE) =>
      tf.tidy(() => {
        void x;
        void gE;
        return zeros();
      }),
    // TODO: gradient of the distance w.r.t. both embeddings, then add the two branches' gradients.
    gradients: (a, b, dD) =>
      tf.tidy(() => {
        void a;
        void b;
        void dD;
        return zeros();
      }),
  };
}
