// RIGHT, written differently from the reference: both models start from the same explicit im2col
// (the 9 window pixels of every location as rows), so the only difference between them is visible
// in one line each: the tied model multiplies every row by ONE [9, F] matrix, the untied one each
// location's rows by its own [9, F] matrix (a batched matMul).
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

/** [N, H, W, 1] -> [N, H_o·W_o, 9]: the 3×3 window of every location, flattened in (a, c) order. */
function windows(x: tf.Tensor4D): tf.Tensor3D {
  const [n, h, w] = x.shape;
  const [ho, wo] = [h - K + 1, w - K + 1];
  const views: tf.Tensor[] = [];
  for (let a = 0; a < K; a++) for (let c = 0; c < K; c++) views.push(tf.slice(x, [0, a, c, 0], [n, ho, wo, 1]));
  return tf.reshape(tf.concat(views, 3), [n, ho * wo, K * K]) as tf.Tensor3D;
}

/** [N, L, F] -> ReLU, max over the L locations, dense layer. */
function head(features: tf.Tensor3D, d: { denseKernel: tf.Variable; denseBias: tf.Variable }): tf.Tensor2D {
  return tf.add(tf.matMul(tf.max(tf.relu(features), 1) as tf.Tensor2D, d.denseKernel as tf.Tensor2D), d.denseBias) as tf.Tensor2D;
}

export function createTiedClassifier({ filters, numClasses }: ClassifierArgs): Classifier {
  const kernel = tf.variable(tf.randomNormal([K, K, 1, filters], 0, Math.sqrt(2 / (K * K))));
  const bias = tf.variable(tf.zeros([filters]));
  const d = dense(filters, numClasses);
  return {
    weights: () => ({ kernel, bias, ...d }),
    apply: (x) =>
      tf.tidy(() => {
        const rows = windows(x);
        const [n, l] = rows.shape;
        const f = tf.matMul(tf.reshape(rows, [n * l, K * K]), tf.reshape(kernel, [K * K, filters])); // one matrix for every row
        return head(tf.add(tf.reshape(f, [n, l, filters]), bias) as tf.Tensor3D, d);
      }),
  };
}

export function createUntiedClassifier({ height, width, filters, numClasses }: ClassifierArgs): Classifier {
  const l = (height - K + 1) * (width - K + 1);
  const kernel = tf.variable(tf.randomNormal([height - K + 1, width - K + 1, K, K, 1, filters], 0, Math.sqrt(2 / (K * K))));
  const bias = tf.variable(tf.zeros([height - K + 1, width - K + 1, filters]));
  const d = dense(filters, numClasses);
  return {
    weights: () => ({ kernel, bias, ...d }),
    apply: (x) =>
      tf.tidy(() => {
        const rows = tf.transpose(windows(x), [1, 0, 2]); // [L, N, 9]
        const f = tf.matMul(rows, tf.reshape(kernel, [l, K * K, filters])); // one matrix per location
        return head(tf.add(tf.transpose(f, [1, 0, 2]), tf.reshape(bias, [l, filters])) as tf.Tensor3D, d);
      }),
  };
}
