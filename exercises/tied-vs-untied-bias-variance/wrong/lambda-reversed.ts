// WRONG on purpose: λ weights the group's own mean instead of the pooled mean, so λ = 1 is the
// untied estimator and λ = 0 the fully tied one.
import * as tf from '@tensorflow/tfjs';

export function estimate(samples: tf.Tensor3D, lambda: number): tf.Tensor2D {
  return tf.tidy(() => {
    const own = tf.mean(samples, 2);
    const pooled = tf.reshape(tf.mean(samples, [1, 2]), [samples.shape[0], 1]);
    return tf.add(tf.mul(own, lambda), tf.mul(pooled, 1 - lambda)) as tf.Tensor2D;
  });
}

export function decompose(estimates: tf.Tensor2D, truth: tf.Tensor1D) {
  const values = tf.tidy(() => {
    const m = tf.mean(estimates, 0);
    return tf.stack([tf.mean(tf.square(tf.sub(m, truth))), tf.mean(tf.square(tf.sub(estimates, m))), tf.mean(tf.square(tf.sub(estimates, truth)))]);
  });
  const [bias2, variance, mse] = Array.from(values.dataSync());
  values.dispose();
  return { bias2: bias2!, variance: variance!, mse: mse! };
}
