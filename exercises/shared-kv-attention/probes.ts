// Public glue: how the grader builds and calls your attention stack. Runs inside the sandbox (and in
// the browser for visible checks). It only sees the plan: inputs and weights, never the seed.
import * as tf from '@tensorflow/tfjs';

export interface NumTensor {
  shape: number[];
  data: number[];
}

export interface Plan {
  dModel: number;
  /** Depths at which the declared weights are listed (parameter count vs depth). */
  depths: number[];
  /** Input used while listing the weights. */
  probeX: NumTensor;
  /** Weights injected by name (for a stack of `injected.numLayers` layers) and the inputs they are applied to. */
  injected: { numLayers: number; weights: Record<string, NumTensor>; inputs: { label: string; x: NumTensor }[] };
  /** Sequences x and px[:, i] = x[:, perm[i]] (tokens reordered); run with `injected.weights`. */
  permuted: { x: NumTensor; perm: number[]; px: NumTensor };
}

interface Stack {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor3D): tf.Tensor3D;
}
type Learner = { createSharedKvAttention: (args: { dModel: number; numLayers: number }) => Stack };

export const requiredExports = ['createSharedKvAttention'];

const toTensor = (t: NumTensor) => tf.tensor(t.data, t.shape);

function fromTensor(t: unknown, what: string): NumTensor {
  if (!(t instanceof tf.Tensor)) throw new Error(`${what} must return a tf.Tensor`);
  return { shape: [...t.shape], data: Array.from(t.dataSync()) };
}

function build(learner: unknown, dModel: number, numLayers: number): Stack {
  const stack = (learner as Learner).createSharedKvAttention({ dModel, numLayers });
  if (!stack || typeof stack.apply !== 'function' || typeof stack.weights !== 'function') {
    throw new Error('createSharedKvAttention must return an object with weights() and apply(x)');
  }
  return stack;
}

function declared(stack: Stack): { name: string; shape: number[] }[] {
  const ws = stack.weights();
  if (typeof ws !== 'object' || ws === null) throw new Error('weights() must return an object of tf.Variable');
  return Object.entries(ws).map(([name, v]) => {
    if (!(v instanceof tf.Variable)) throw new Error(`weights().${name} is not a tf.Variable`);
    return { name, shape: [...v.shape] };
  });
}

function inject(stack: Stack, values: Record<string, NumTensor>): void {
  const ws = stack.weights();
  for (const [name, value] of Object.entries(values)) {
    const v = ws[name];
    if (!(v instanceof tf.Variable)) throw new Error(`weights() has no tf.Variable named "${name}"`);
    if (v.shape.join(',') !== value.shape.join(',')) {
      throw new Error(`weights().${name} has shape [${v.shape.join(', ')}], the grader needs [${value.shape.join(', ')}]`);
    }
    v.assign(toTensor(value));
  }
}

const applyTo = (stack: Stack, x: NumTensor): NumTensor => fromTensor(stack.apply(toTensor(x) as tf.Tensor3D), 'apply(x)');

export const probes = {
  /** Declared weights of stacks of different depths (after one forward pass each). */
  declared(learner: unknown, plan: Plan) {
    return plan.depths.map((numLayers) => {
      const stack = build(learner, plan.dModel, numLayers);
      applyTo(stack, plan.probeX);
      return { label: `L = ${numLayers}`, weights: declared(stack) };
    });
  },
  /** Outputs with the grader's weights injected. */
  injected(learner: unknown, plan: Plan) {
    const stack = build(learner, plan.dModel, plan.injected.numLayers);
    inject(stack, plan.injected.weights);
    return plan.injected.inputs.map(({ label, x }) => ({ label, y: applyTo(stack, x) }));
  },
  /** f(x) and f(P x) for a reordering P of the tokens, with the grader's weights injected. */
  permuted(learner: unknown, plan: Plan) {
    const stack = build(learner, plan.dModel, plan.injected.numLayers);
    inject(stack, plan.injected.weights);
    return { fx: applyTo(stack, plan.permuted.x), fPx: applyTo(stack, plan.permuted.px) };
  },
};
