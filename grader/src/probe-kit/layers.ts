// Probes for the most common learner API, a layer with weights() and apply(x) on one tensor: run
// it on the plan's labelled inputs and answer in the shapes the check factories read.
import type * as tf from '@tensorflow/tfjs';
import { declaredWeights, fromTensor, injectWeights, toTensor, type HasWeights, type NumTensor } from './core';

/** Anything with the usual layer call: `apply(x)` on one tensor. */
export interface Applies {
  apply(x: tf.Tensor): unknown;
}

/** A plain-JSON input with the name messages use for it ("a 2×8×8 batch"). */
export interface LabelledInput {
  label: string;
  x: NumTensor;
}

/** The learner's `apply(x)` on a plain-JSON input, its result as JSON; `what` names the call in errors. */
export function applyTo(layer: Applies, x: NumTensor, what = 'apply(x)'): NumTensor {
  return fromTensor(layer.apply(toTensor(x)), what);
}

/**
 * The declared weights after applying the layer to each input in turn, `{ label, weights }` per
 * input (what paramCountCheck reads): a layer whose weights follow the input size shows it here.
 */
export function declaredPerInput(layer: Applies & HasWeights, inputs: readonly LabelledInput[], what?: string): { label: string; weights: { name: string; shape: number[] }[] }[] {
  return inputs.map(({ label, x }) => {
    applyTo(layer, x);
    return { label, weights: declaredWeights(layer, what) };
  });
}

/**
 * The layer's outputs with the grader's weights written into it, `{ label, y }` per input (what
 * matchesReferenceCheck({ outputs: { y } }) reads); `what` names weights() in errors.
 */
export function injectedOutputs(layer: Applies & HasWeights, weights: Record<string, NumTensor>, inputs: readonly LabelledInput[], what?: string): { label: string; y: NumTensor }[] {
  injectWeights(layer, weights, what);
  return inputs.map(({ label, x }) => ({ label, y: applyTo(layer, x) }));
}
