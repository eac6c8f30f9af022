// Gradients inside a probe: autodiff through the learner's own forward pass, and the objects of
// tensors a learner returns from a hand-written backward pass, both as plain JSON by weight name
// (what gradientsCheck compares).
import * as tf from '@tensorflow/tfjs';
import { fromTensor, variablesOf, type HasWeights, type NumTensor } from './core';

export interface VariableGradientsOptions {
  /** Only these declared weights (default: all of them). */
  names?: string[];
  /**
   * A weight the loss never reaches, or a non-trainable one: left out (the default; the check then
   * reports "no gradient for …") or reported as zeros (the check then reports how far off it is).
   */
  unreached?: 'omit' | 'zeros';
  /** How the model's weights() is named in errors. */
  what?: string;
}

/** tf.variableGrads of `loss` with respect to the model's declared weights, by weight name. */
export function variableGradients(model: HasWeights, loss: () => tf.Scalar, { names, unreached = 'omit', what = 'weights()' }: VariableGradientsOptions = {}): Record<string, NumTensor> {
  const ws = variablesOf(model, what);
  const wanted = (names ?? Object.keys(ws)).filter((n) => ws[n] !== undefined);
  // tf.variableGrads refuses a list without a trainable variable; a frozen one gets no gradient anyway.
  const vars = wanted.map((n) => ws[n]!).filter((v) => v.trainable);
  let grads: Record<string, tf.Tensor> = {};
  if (vars.length) {
    const result = tf.variableGrads(loss, vars);
    result.value.dispose();
    grads = result.grads;
  }
  const out: Record<string, NumTensor> = {};
  for (const name of wanted) {
    const v = ws[name]!;
    const g = grads[v.name];
    if (g) out[name] = fromTensor(g, `the gradient of ${name}`);
    else if (unreached === 'zeros') out[name] = { shape: [...v.shape], data: new Array<number>(v.size).fill(0) };
  }
  tf.dispose(grads);
  return out;
}

/** An object of tensors the learner returned (e.g. hand-written gradients) as JSON; `what` names the call ("gradients()"). */
export function tensorRecord(value: unknown, what: string): Record<string, NumTensor> {
  if (value instanceof tf.Tensor) throw new Error(`${what} must return an object of tensors by weight name, not a single tensor`);
  if (typeof value !== 'object' || value === null) throw new Error(`${what} must return an object of tensors`);
  const out: Record<string, NumTensor> = {};
  for (const [name, t] of Object.entries(value)) out[name] = fromTensor(t, `${what}.${name}`);
  return out;
}
