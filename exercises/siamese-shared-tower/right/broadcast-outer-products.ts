// RIGHT, written differently from the reference: the weight gradients are sums of per-example outer
// products written with broadcasting (expandDims, mul, sum over the batch) rather than a transposed
// matMul, and the distance's upstream gradient is computed per branch from its own difference.
import * as tf from '@tensorflow/tfjs';

export interface SiameseArgs {
  /** Input features (D). */
  inputSize: number;
  /** Hidden units of the tower (H). */
  hiddenSize: number;
  /** Embedding size (E). */
  embedSize: number;
}

/** Σ_n u_n ⊗ v_n for u [N, P], v [N, Q]: [P, Q]. */
const outerSum = (u: tf.Tensor2D, v: tf.Tensor2D): tf.Tensor => tf.sum(tf.mul(tf.expandDims(u, 2), tf.expandDims(v, 1)), 0);

export function createSiamese({ inputSize, hiddenSize, embedSize }: SiameseArgs) {
  const W1 = tf.variable(tf.randomNormal([inputSize, hiddenSize], 0, 1 / Math.sqrt(inputSize)));
  const b1 = tf.variable(tf.zeros([hiddenSize]));
  const W2 = tf.variable(tf.randomNormal([hiddenSize, embedSize], 0, 1 / Math.sqrt(hiddenSize)));
  const hidden = (x: tf.Tensor2D) => tf.tanh(tf.add(tf.matMul(x, W1), b1)) as tf.Tensor2D;
  const embed = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.matMul(hidden(x), W2));
  function towerBackward(x: tf.Tensor2D, gE: tf.Tensor2D): Record<string, tf.Tensor> {
    return tf.tidy(() => {
      const h = hidden(x);
      // δ_n = (Σ_k gE_nk W2_jk) (1 − h_nj²), also by broadcasting: [N, 1, E] · [1, H, E] summed over E.
      const back = tf.sum(tf.mul(tf.expandDims(gE, 1), tf.expandDims(W2, 0)), 2) as tf.Tensor2D;
      const delta = tf.mul(back, tf.sub(1, tf.square(h))) as tf.Tensor2D;
      return { W1: outerSum(x, delta), b1: tf.sum(delta, 0), W2: outerSum(h, gE) };
    });
  }
  return {
    weights: () => ({ W1, b1, W2 }),
    embed,
    distance: (a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D => tf.tidy(() => tf.sum(tf.squaredDifference(embed(a), embed(b)), 1) as tf.Tensor1D),
    towerBackward,
    gradients: (a: tf.Tensor2D, b: tf.Tensor2D, dD: tf.Tensor1D): Record<string, tf.Tensor> =>
      tf.tidy(() => {
        const [ea, eb] = [embed(a), embed(b)];
        const w = tf.expandDims(dD, 1);
        const fromA = towerBackward(a, tf.mul(tf.mul(w, 2), tf.sub(ea, eb)) as tf.Tensor2D);
        const fromB = towerBackward(b, tf.mul(tf.mul(w, 2), tf.sub(eb, ea)) as tf.Tensor2D);
        return Object.fromEntries(Object.keys(fromA).map((n) => [n, tf.add(fromA[n]!, fromB[n]!)]));
      }),
  };
}
