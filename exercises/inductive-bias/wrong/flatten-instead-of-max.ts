// WRONG on purpose: the tied model flattens the feature maps into the dense layer instead of
// taking the max over positions. The convolution is shared, but the dense layer has a separate
// weight for every position, so the model is untied again where it matters.
import * as tf from '@tensorflow/tfjs';

interface Args { height: number; width: number; filters: number; numClasses: number }

function untiedClassifier({ height, width, filters, numClasses }: Args) {
  const ho = height - 2;
  const wo = width - 2;
  const kernel = tf.variable(tf.randomNormal([ho, wo, 3, 3, 1, filters], 0, 0.47));
  const bias = tf.variable(tf.zeros([ho, wo, filters]));
  const denseKernel = tf.variable(tf.randomNormal([filters, numClasses], 0, 0.25));
  const denseBias = tf.variable(tf.zeros([numClasses]));
  return {
    weights: () => ({ kernel, bias, denseKernel, denseBias }),
    apply: (x: tf.Tensor4D): tf.Tensor2D =>
      tf.tidy(() => {
        const n = x.shape[0];
        const views: tf.Tensor[] = [];
        for (let a = 0; a < 3; a++) for (let c = 0; c < 3; c++) views.push(tf.slice(x, [0, a, c, 0], [n, ho, wo, 1]));
        const patches = tf.transpose(tf.reshape(tf.concat(views, 3), [n, ho * wo, 9]), [1, 0, 2]);
        const y = tf.matMul(patches, tf.reshape(kernel, [ho * wo, 9, filters]));
        const feats = tf.relu(tf.add(tf.reshape(tf.transpose(y, [1, 0, 2]), [n, ho, wo, filters]), bias));
        return tf.add(tf.matMul(tf.max(feats, [1, 2]) as tf.Tensor2D, denseKernel as tf.Tensor2D), denseBias) as tf.Tensor2D;
      }),
  };
}

export function createTiedClassifier({ height, width, filters, numClasses }: Args) {
  const kernel = tf.variable(tf.randomNormal([3, 3, 1, filters], 0, 0.47));
  const bias = tf.variable(tf.zeros([filters]));
  const positions = (height - 2) * (width - 2);
  const denseKernel = tf.variable(tf.randomNormal([positions * filters, numClasses], 0, 0.25));
  const denseBias = tf.variable(tf.zeros([numClasses]));
  return {
    weights: () => ({ kernel, bias, denseKernel, denseBias }),
    apply: (x: tf.Tensor4D): tf.Tensor2D =>
      tf.tidy(() => {
        const feats = tf.relu(tf.add(tf.conv2d(x, kernel as tf.Tensor4D, 1, 'valid'), bias));
        const flat = tf.reshape(feats, [x.shape[0], positions * filters]) as tf.Tensor2D;
        return tf.add(tf.matMul(flat, denseKernel as tf.Tensor2D), denseBias) as tf.Tensor2D;
      }),
  };
}

export const createUntiedClassifier = untiedClassifier;
