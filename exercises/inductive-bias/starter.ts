// Two classifiers that differ ONLY in the tie: 3×3 'valid' windows -> ReLU -> max over all
// positions -> dense layer. Read the statement for the exact API and weight layout.
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
  /** `kernel`, `bias`, `denseKernel`, `denseBias` (shapes in the statement). */
  weights(): Record<string, tf.Variable>;
  /** x: [N, H, W, 1] -> logits [N, numClasses] (no softmax). */
  apply(x: tf.Tensor4D): tf.Tensor2D;
}

/** Tied: kernel [3, 3, 1, F] and bias [F], slid over the image (a convolution). */
export function createTiedClassifier({ filters, numClasses }: ClassifierArgs): Classifier {
  // TODO: create kernel, bias, denseKernel [F, C], denseBias [C] once, here.
  void filters;
  return {
    weights: () => ({}),
    apply: (x) => tf.tidy(() => tf.zeros([x.shape[0], numClasses]) as tf.Tensor2D),
  };
}

/** Untied: kernel [H-2, W-2, 3, 3, 1, F] and bias [H-2, W-2, F], one per location (locally connected). */
export function createUntiedClassifier({ height, width, filters, numClasses }: ClassifierArgs): Classifier {
  // TODO: create kernel, bias, denseKernel [F, C], denseBias [C] once, here.
  void height;
  void width;
  void filters;
  return {
    weights: () => ({}),
    apply: (x) => tf.tidy(() => tf.zeros([x.shape[0], numClasses]) as tf.Tensor2D),
  };
}
