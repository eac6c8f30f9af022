// DeepSets: ONE encoder φ applied to every element of a set, a sum over the elements, then a
// decoder ρ. Read the statement for the exact API and weight layout the grader expects.
import * as tf from '@tensorflow/tfjs';

export interface DeepSetArgs {
  /** Features per set element (D). */
  inDim: number;
  /** Width of φ's layers, of the pooled vector and of ρ's hidden layer (H). */
  hidden: number;
  /** Outputs per set (O). */
  outDim: number;
}

export interface DeepSet {
  /** Every trainable weight, by name: phiW1 [D, H], phiB1 [H], phiW2 [H, H], phiB2 [H], rhoW1 [H, H], rhoB1 [H], rhoW2 [H, O], rhoB2 [O]. */
  weights(): Record<string, tf.Variable>;
  /** The shared encoder on each row: x [m, D] -> relu(relu(x phiW1 + phiB1) phiW2 + phiB2): [m, H]. */
  phi(x: tf.Tensor2D): tf.Tensor2D;
  /** The decoder on pooled vectors: s [B, H] -> relu(s rhoW1 + rhoB1) rhoW2 + rhoB2: [B, O]. */
  rho(s: tf.Tensor2D): tf.Tensor2D;
  /** A batch of sets x [B, n, D] -> rho(Σ_i phi(x[:, i, :])): [B, O]. */
  apply(x: tf.Tensor3D): tf.Tensor2D;
}

export function createDeepSet({ inDim, hidden, outDim }: DeepSetArgs): DeepSet {
  // TODO: create the eight weights once, here, as tf.variable with random initial values.
  void inDim;
  return {
    weights: () => ({}),
    // TODO: two dense layers with relu, applied to every row of x.
    phi: (x) => tf.tidy(() => tf.zeros([x.shape[0], hidden]) as tf.Tensor2D),
    // TODO: dense + relu, then dense (no activation).
    rho: (s) => tf.tidy(() => tf.zeros([s.shape[0], outDim]) as tf.Tensor2D),
    apply: (x) =>
      tf.tidy(() => {
        // TODO: φ on every element (reshape [B, n, D] to [B·n, D] and back), sum over the n elements, then ρ.
        return tf.zeros([x.shape[0], outDim]) as tf.Tensor2D;
      }),
  };
}
