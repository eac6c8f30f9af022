// The probe kit's core: the learner's object and its weights, moved between plain JSON and tensors
// with error messages that say which part of the learner's API misbehaved.
import * as tf from '@tensorflow/tfjs';

/** A tensor as plain JSON: row-major data. */
export interface NumTensor {
  shape: number[];
  data: number[];
}

/** Anything that exposes its trainable weights by name (layers, models, towers…). */
export interface HasWeights {
  weights(): Record<string, tf.Variable>;
}

export const toTensor = (t: NumTensor): tf.Tensor => tf.tensor(t.data, t.shape);

/** The learner's returned tensor as JSON; `what` names the call in the error ("apply(x)"). */
export function fromTensor(t: unknown, what: string): NumTensor {
  if (!(t instanceof tf.Tensor)) throw new Error(`${what} must return a tf.Tensor`);
  return { shape: [...t.shape], data: Array.from(t.dataSync()) };
}

/**
 * Calls the learner's factory (`createTiedConv2d(args)`…) and checks that the object it returns
 * has the methods the probes will call.
 */
export function construct<T>(learner: unknown, factory: string, args: unknown, methods: string[]): T {
  const fn = (learner as Record<string, unknown>)[factory];
  if (typeof fn !== 'function') throw new Error(`your module must export a function named \`${factory}\``);
  const made = (fn as (a: unknown) => unknown)(args) as Record<string, unknown> | null | undefined;
  const missing = methods.filter((m) => !made || typeof made[m] !== 'function');
  if (missing.length) {
    const list = methods.map((m) => `${m}()`).join(', ');
    const got = made && typeof made === 'object' ? `; yours has no ${missing.map((m) => `${m}()`).join(', ')}` : `; it returned ${made === null ? 'null' : typeof made}`;
    throw new Error(`${factory} must return an object with ${list}${got}`);
  }
  return made as T;
}

/** The weights() record, checked to hold only tf.Variables. */
export function variablesOf(owner: HasWeights, what = 'weights()'): Record<string, tf.Variable> {
  const ws = owner.weights();
  if (typeof ws !== 'object' || ws === null) throw new Error(`${what} must return an object of tf.Variable`);
  for (const [name, v] of Object.entries(ws)) {
    if (!(v instanceof tf.Variable)) throw new Error(`${what}.${name} is not a tf.Variable`);
  }
  return ws;
}

/** Names and shapes of the declared weights (what paramCount checks). */
export function declaredWeights(owner: HasWeights, what = 'weights()'): { name: string; shape: number[] }[] {
  return Object.entries(variablesOf(owner, what)).map(([name, v]) => ({ name, shape: [...v.shape] }));
}

/** Writes the grader's values into the learner's variables by name, refusing a shape mismatch. */
export function injectWeights(owner: HasWeights, values: Record<string, NumTensor>, what = 'weights()'): void {
  const ws = owner.weights();
  for (const [name, value] of Object.entries(values)) {
    const v = ws?.[name];
    if (!(v instanceof tf.Variable)) throw new Error(`${what} has no tf.Variable named "${name}"`);
    if (v.shape.join(',') !== value.shape.join(',')) {
      throw new Error(`${what}.${name} has shape [${v.shape.join(', ')}], the grader needs [${value.shape.join(', ')}]`);
    }
    v.assign(toTensor(value));
  }
}

/** Current values of every declared weight, as JSON (e.g. after training). */
export function weightValues(owner: HasWeights, what = 'weights()'): Record<string, NumTensor> {
  const out: Record<string, NumTensor> = {};
  for (const [name, v] of Object.entries(variablesOf(owner, what))) out[name] = fromTensor(v, `${what}.${name}`);
  return out;
}
