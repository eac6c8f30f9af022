// WRONG on purpose: ρ is applied to every element and the results are summed, Σ_i ρ(φ(x_i)), instead
// of ρ(Σ_i φ(x_i)). Invariant too, but ρ never sees the set as a whole.
import * as tf from '@tensorflow/tfjs';

export function createDeepSet({ inDim, hidden, outDim }: { inDim: number; hidden: number; outDim: number }) {
  const phiW1 = tf.variable(tf.randomNormal([inDim, hidden], 0, 0.8));
  const phiB1 = tf.variable(tf.zeros([hidden]));
  const phiW2 = tf.variable(tf.randomNormal([hidden, hidden], 0, 0.5));
  const phiB2 = tf.variable(tf.zeros([hidden]));
  const rhoW1 = tf.variable(tf.randomNormal([hidden, hidden], 0, 0.5));
  const rhoB1 = tf.variable(tf.zeros([hidden]));
  const rhoW2 = tf.variable(tf.randomNormal([hidden, outDim], 0, 0.35));
  const rhoB2 = tf.variable(tf.zeros([outDim]));
  const dense = (x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor): tf.Tensor2D => tf.add(tf.matMul(x, w as tf.Tensor2D), b);
  const phi = (x: tf.Tensor2D): tf.Tensor2D => tf.relu(dense(tf.relu(dense(x, phiW1, phiB1)), phiW2, phiB2));
  const rho = (s: tf.Tensor2D): tf.Tensor2D => dense(tf.relu(dense(s, rhoW1, rhoB1)), rhoW2, rhoB2);
  return {
    weights: () => ({ phiW1, phiB1, phiW2, phiB2, rhoW1, rhoB1, rhoW2, rhoB2 }),
    phi: (x: tf.Tensor2D) => tf.tidy(() => phi(x)),
    rho: (s: tf.Tensor2D) => tf.tidy(() => rho(s)),
    apply: (x: tf.Tensor3D): tf.Tensor2D =>
      tf.tidy(() => {
        const [b, n, d] = x.shape;
        return tf.sum(tf.reshape(rho(phi(tf.reshape(x, [b * n, d]))), [b, n, outDim]), 1);
      }),
  };
}
