// Reference solution (checker zone only): untied, tied and partially tied estimators of K group
// values, and a Monte-Carlo decomposition of their error into bias² + variance.
import * as tf from '@tensorflow/tfjs';

/** Error of an estimator, each term averaged over the K groups. */
export interface Decomposition {
  /** mean_k (m_k − θ_k)², with m_k the mean of the estimates over replications. */
  bias2: number;
  /** mean_k mean_r (θ̂_{r,k} − m_k)². */
  variance: number;
  /** mean_k mean_r (θ̂_{r,k} − θ_k)². */
  mse: number;
}

/**
 * samples [R, K, n] -> estimates [R, K]: θ̂_{r,k} = λ·pooled_r + (1 − λ)·own_{r,k}, where own is
 * group k's sample mean and pooled the mean of all K·n samples of replication r.
 */
export function estimate(samples: tf.Tensor3D, lambda: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [r] = samples.shape;
    const own = tf.mean(samples, 2); // [R, K]
    const pooled = tf.reshape(tf.mean(samples, [1, 2]), [r, 1]); // [R, 1], broadcast over the groups
    return tf.add(tf.mul(pooled, lambda), tf.mul(own, 1 - lambda)) as tf.Tensor2D;
  });
}

export function decompose(estimates: tf.Tensor2D, truth: tf.Tensor1D): Decomposition {
  const values = tf.tidy(() => {
    const m = tf.mean(estimates, 0); // [K]: the estimator's average over replications
    const bias2 = tf.mean(tf.square(tf.sub(m, truth)));
    // Spread around the estimator's own mean (not around the truth): two passes, no E[x²] − E[x]².
    const variance = tf.mean(tf.square(tf.sub(estimates, m)));
    const mse = tf.mean(tf.square(tf.sub(estimates, truth)));
    return tf.stack([bias2, variance, mse]);
  });
  const [bias2, variance, mse] = Array.from(values.dataSync());
  values.dispose();
  return { bias2: bias2!, variance: variance!, mse: mse! };
}
