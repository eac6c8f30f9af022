// WRONG on purpose: the untied model reads its per-location kernels from a new tf.variable made
// from the declared kernel on every call. The logits are right, but the declared kernel receives no
// gradient: in the experiment the untied model cannot learn its windows, and an undeclared
// trainable variable is left behind per call.
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
  /** x: [N, H, W, 1] -> logits [N, numClasses]. */
  apply(x: tf.Tensor4D): tf.Tensor2D;
}

const K = 3;

function denseHead(filters: number, numClasses: number) {
  return {
    denseKernel: tf.variable(tf.randomNormal([filters, numClasses], 0, Math.sqrt(1 / filters))),
    denseBias: tf.variable(tf.zeros([numClasses])),
  };
}

/** ReLU, global max over the spatial axes, then the dense layer. */
function head(features: tf.Tensor4D, w: { denseKernel: tf.Variable; denseBias: tf.Variable }): tf.Tensor2D {
  const [n, ho, wo, f] = features.shape;
  // Same as tf.max(…, [1, 2]); a full-window max pool has a much faster gradient on wasm.
  const pooled = tf.reshape(tf.maxPool(tf.relu(features), [ho, wo], 1, 'valid'), [n, f]) as tf.Tensor2D;
  return tf.add(tf.matMul(pooled, w.denseKernel as tf.Tensor2D), w.denseBias) as tf.Tensor2D;
}

export function createTiedClassifier({ filters, numClasses }: ClassifierArgs): Classifier {
  const kernel = tf.variable(tf.randomNormal([K, K, 1, filters], 0, Math.sqrt(2 / (K * K))));
  const bias = tf.variable(tf.zeros([filters]));
  const dense = denseHead(filters, numClasses);
  return {
    weights: () => ({ kernel, bias, ...dense }),
    apply: (x) => tf.tidy(() => head(tf.add(tf.conv2d(x, kernel as tf.Tensor4D, 1, 'valid'), bias) as tf.Tensor4D, dense)),
  };
}

export function createUntiedClassifier({ height, width, filters, numClasses }: ClassifierArgs): Classifier {
  const ho = height - K + 1;
  const wo = width - K + 1;
  const p = K * K;
  const kernel = tf.variable(tf.randomNormal([ho, wo, K, K, 1, filters], 0, Math.sqrt(2 / p)));
  const bias = tf.variable(tf.zeros([ho, wo, filters]));
  const dense = denseHead(filters, numClasses);
  // A constant one-hot kernel: conv2d with it copies each 3×3 window into 9 channels in (a, c)
  // order — the same windows as k·k slices, in one fast op.
  const windowPicker = tf.reshape(tf.eye(p), [K, K, 1, p]) as tf.Tensor4D;
  return {
    weights: () => ({ kernel, bias, ...dense }),
    apply: (x) =>
      tf.tidy(() => {
        const n = x.shape[0];
        const patches = tf.reshape(tf.conv2d(x, windowPicker, 1, 'valid'), [n, ho * wo, p]);
        // The per-location kernels, read from a fresh variable that holds their values (a copy).
        const perLocation = tf.variable(tf.reshape(kernel, [ho * wo, p, filters]));
        const y = tf.matMul(tf.transpose(patches, [1, 0, 2]), perLocation);
        const features = tf.add(tf.reshape(tf.transpose(y, [1, 0, 2]), [n, ho, wo, filters]), bias) as tf.Tensor4D;
        return head(features, dense);
      }),
  };
}
