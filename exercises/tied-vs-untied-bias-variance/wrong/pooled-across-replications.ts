// WRONG on purpose: the pooled mean is taken over every axis, replications included, so each
// "experiment" peeks at the data of all the others and the tied estimate barely varies.
import * as tf from '@tensorflow/tfjs';

export function estimate(samples: tf.Tensor3D, lambda: number): tf.Tensor2D {
  return tf.tidy(() => {
    const own = tf.mean(samples, 2);
    const pooled = tf.mean(samples); // a scalar: mean over r, k and i
    return tf.add(tf.mul(pooled, lambda), tf.mul(own, 1 - lambda)) as tf.Tensor2D;
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
