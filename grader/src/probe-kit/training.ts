// Training inside a probe: one optimizer loop for the learner's model and the reference's, so the
// loss curves and final weights can be compared step by step (trainsLikeReferenceCheck reads them).
import * as tf from '@tensorflow/tfjs';
import { injectWeights, variablesOf, weightValues, type HasWeights, type NumTensor } from './core';

export interface TrainOptions {
  /** Written into weights() by name before the first step, so learner and reference start alike. */
  init?: Record<string, NumTensor>;
  /** A fresh optimizer (tf.train.sgd(lr), tf.train.adam(lr)…); disposed when training ends. */
  optimizer: tf.Optimizer;
  steps: number;
  /** The loss with the model's current weights (evaluated under the optimizer's gradient tape). */
  loss: () => tf.Scalar;
  /** How the model's weights() is named in errors, when a probe trains several models. */
  what?: string;
}

export interface Trained {
  /** The loss before each step. */
  losses: number[];
  /** Every declared weight after the last step. */
  weights: Record<string, NumTensor>;
}

/** `steps` optimizer steps on every declared weight of `model` (what the learner's weights() lists). */
export function trainWithOptimizer(model: HasWeights, { init, optimizer, steps, loss, what = 'weights()' }: TrainOptions): Trained {
  if (init) injectWeights(model, init, what);
  const varList = Object.values(variablesOf(model, what));
  const losses: number[] = [];
  try {
    for (let s = 0; s < steps; s++) {
      // returnCost = true: minimize returns the loss it differentiated.
      const value = optimizer.minimize(loss, true, varList)!;
      losses.push(value.dataSync()[0]!);
      value.dispose();
    }
  } finally {
    optimizer.dispose();
  }
  return { losses, weights: weightValues(model, what) };
}
