// WRONG on purpose: the variance is measured across the K groups of each replication (then
// averaged over replications) instead of across replications for each group; the MSE is then
// taken as bias² + variance. The tied estimator gives every group the same value, so its
// "variance" is 0.
import * as tf from '@tensorflow/tfjs';

export function estimate(samples: tf.Tensor3D, lambda: number): tf.Tensor2D {
  return tf.tidy(() => {
    const own = tf.mean(samples, 2);
    const pooled = tf.reshape(tf.mean(samples, [1, 2]), [samples.shape[0], 1]);
    return tf.add(tf.mul(pooled, lambda), tf.mul(own, 1 - lambda)) as tf.Tensor2D;
  });
}

export function decompose(estimates: tf.Tensor2D, truth: tf.Tensor1D) {
  const values = tf.tidy(() => {
    const m = tf.mean(estimates, 0);
    const bias2 = tf.mean(tf.square(tf.sub(m, truth)));
    const { variance } = tf.moments(estimates, 1); // [R]: spread over the groups of each replication
    return tf.stack([bias2, tf.mean(variance)]);
  });
  const [bias2, variance] = Array.from(values.dataSync());
  values.dispose();
  return { bias2: bias2!, variance: variance!, mse: bias2! + variance! };
}
