// WRONG on purpose: the variance is the spread of the estimates around the TRUE values instead of
// around the estimator's own average m_k, so it already contains the bias (it equals the MSE).
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
    const variance = tf.mean(tf.square(tf.sub(estimates, truth)));
    const mse = tf.mean(tf.square(tf.sub(estimates, truth)));
    return tf.stack([bias2, variance, mse]);
  });
  const [bias2, variance, mse] = Array.from(values.dataSync());
  values.dispose();
  return { bias2: bias2!, variance: variance!, mse: mse! };
}
