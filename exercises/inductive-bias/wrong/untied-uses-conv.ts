// WRONG on purpose: the "untied" model is the tied one again (tf.conv2d with one [3,3,1,F]
// kernel), so both models share their kernel across positions and both generalise.
import * as tf from '@tensorflow/tfjs';

interface Args { height: number; width: number; filters: number; numClasses: number }

function convClassifier({ filters, numClasses }: Args) {
  const kernel = tf.variable(tf.randomNormal([3, 3, 1, filters], 0, 0.47));
  const bias = tf.variable(tf.zeros([filters]));
  const denseKernel = tf.variable(tf.randomNormal([filters, numClasses], 0, 0.25));
  const denseBias = tf.variable(tf.zeros([numClasses]));
  return {
    weights: () => ({ kernel, bias, denseKernel, denseBias }),
    apply: (x: tf.Tensor4D): tf.Tensor2D =>
      tf.tidy(() => {
        const feats = tf.relu(tf.add(tf.conv2d(x, kernel as tf.Tensor4D, 1, 'valid'), bias));
        return tf.add(tf.matMul(tf.max(feats, [1, 2]) as tf.Tensor2D, denseKernel as tf.Tensor2D), denseBias) as tf.Tensor2D;
      }),
  };
}

export const createTiedClassifier = convClassifier;
export const createUntiedClassifier = convClassifier;
