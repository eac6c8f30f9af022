// RIGHT, written differently from the reference: the pooling is tf.max over the two spatial axes
// (not a full-window maxPool), and the untied model reads its windows as 9 shifted slices, weighting
// them by broadcasting (elementwise product with the per-location kernels, summed over the window).
import * as tf from '@tensorflow/tfjs';

export interface ClassifierArgs {
  /** Image height H (the input has 1 channel). */
  height: number;
  /** Image width W. */
  width: number;
  /** Feature maps F of the 3×3 layer. */
  filters: number;
  /** Number of classes (logits returned by apply). */
  numClasses: number;
}

export interface Classifier {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor4D): tf.Tensor2D;
}

const K = 3;

function dense(filters: number, numClasses: number) {
  return {
    denseKernel: tf.variable(tf.randomNormal([filters, numClasses], 0, Math.sqrt(1 / filters))),
    denseBias: tf.variable(tf.zeros([numClasses])),
  };
}

/** ReLU, max over all positions, dense layer. */
function head(features: tf.Tensor, d: { denseKernel: tf.Variable; denseBias: tf.Variable }): tf.Tensor2D {
  const pooled = tf.max(tf.relu(features), [1, 2]) as tf.Tensor2D;
  return tf.add(tf.matMul(pooled, d.denseKernel as tf.Tensor2D), d.denseBias) as tf.Tensor2D;
}

export function createTiedClassifier({ filters, numClasses }: ClassifierArgs): Classifier {
  const kernel = tf.variable(tf.randomNormal([K, K, 1, filters], 0, Math.sqrt(2 / (K * K))));
  const bias = tf.variable(tf.zeros([filters]));
  const d = dense(filters, numClasses);
  return {
    weights: () => ({ kernel, bias, ...d }),
    apply: (x) => tf.tidy(() => head(tf.add(tf.conv2d(x, kernel as tf.Tensor4D, 1, 'valid'), bias), d)),
  };
}

export function createUntiedClassifier({ height, width, filters, numClasses }: ClassifierArgs): Classifier {
  const [ho, wo] = [height - K + 1, width - K + 1];
  const kernel = tf.variable(tf.randomNormal([ho, wo, K, K, 1, filters], 0, Math.sqrt(2 / (K * K))));
  const bias = tf.variable(tf.zeros([ho, wo, filters]));
  const d = dense(filters, numClasses);
  return {
    weights: () => ({ kernel, bias, ...d }),
    apply: (x) =>
      tf.tidy(() => {
        const n = x.shape[0];
        let features: tf.Tensor = tf.zeros([n, ho, wo, filters]);
        for (let a = 0; a < K; a++) {
          for (let c = 0; c < K; c++) {
            const view = tf.slice(x, [0, a, c, 0], [n, ho, wo, 1]); // [N, H_o, W_o, 1]
            const tap = tf.reshape(tf.slice(kernel, [0, 0, a, c, 0, 0], [ho, wo, 1, 1, 1, filters]), [1, ho, wo, filters]);
            features = tf.add(features, tf.mul(view, tap));
          }
        }
        return head(tf.add(features, bias), d);
      }),
  };
}
