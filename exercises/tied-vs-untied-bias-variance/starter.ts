// Tied versus untied estimates of K group values: λ = 0 keeps each group's own sample mean,
// λ = 1 shares one pooled mean, values in between shrink towards it. Then measure bias² and
// variance over the replications. Read the statement for the exact formulas.
import * as tf from '@tensorflow/tfjs';

/** Error of an estimator, each term averaged over the K groups. */
export interface Decomposition {
  /** mean_k (m_k − θ_k)², with m_k the mean of the estimates over the replications. */
  bias2: number;
  /** mean_k mean_r (θ̂_{r,k} − m_k)². */
  variance: number;
  /** mean_k mean_r (θ̂_{r,k} − θ_k)². */
  mse: number;
}

/** samples [R, K, n] -> estimates [R, K]: θ̂ = λ·pooled + (1 − λ)·own, one row per replication. */
export function estimate(samples: tf.Tensor3D, lambda: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [r, k] = samples.shape;
    // TODO: own = each group's sample mean [R, K]; pooled = the mean of all K·n samples of a
    // replication [R, 1]; return their mix with weight λ on the pooled mean.
    void lambda;
    return tf.zeros([r, k]) as tf.Tensor2D;
  });
}

/** estimates [R, K] and the true values θ [K] -> bias², variance and MSE, averaged over the groups. */
export function decompose(estimates: tf.Tensor2D, truth: tf.Tensor1D): Decomposition {
  // TODO: m = mean of the estimates over the replications (axis 0); compare m with the truth
  // (bias²), the estimates with m (variance) and the estimates with the truth (MSE).
  // Read numbers back with .dataSync() and dispose what you created (or use tf.tidy).
  void estimates;
  void truth;
  return { bias2: 0, variance: 0, mse: 0 };
}
