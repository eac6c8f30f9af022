// Public glue: how the grader builds, calls and trains your layer. Runs inside the sandbox (and in
// the browser for visible checks). It only sees the plan: inputs and weights, never the seed.
import * as tf from '@tensorflow/tfjs';

export interface NumTensor {
  shape: number[];
  data: number[];
}

export interface Plan {
  args: { inChannels: number; outChannels: number; kernelSize: number };
  /** Weight values injected by name for the reference comparison. */
  weights: Record<string, NumTensor>;
  /** Inputs of two different image sizes. */
  inputs: { label: string; x: NumTensor }[];
  /** An image and its shifted copy (with the learner's own initial weights). */
  shift: { x: NumTensor; shifted: NumTensor };
  train: { init: Record<string, NumTensor>; x: NumTensor; y: NumTensor; learningRate: number; steps: number };
}

interface Layer {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor4D): tf.Tensor4D;
}
type Learner = { createTiedConv2d: (args: Plan['args']) => Layer };

export const requiredExports = ['createTiedConv2d'];

const toTensor = (t: NumTensor) => tf.tensor(t.data, t.shape);

function fromTensor(t: unknown, what: string): NumTensor {
  if (!(t instanceof tf.Tensor)) throw new Error(`${what} must return a tf.Tensor`);
  return { shape: [...t.shape], data: Array.from(t.dataSync()) };
}

function build(learner: unknown, plan: Plan): Layer {
  const layer = (learner as Learner).createTiedConv2d({ ...plan.args });
  if (!layer || typeof layer.apply !== 'function' || typeof layer.weights !== 'function') {
    throw new Error('createTiedConv2d must return an object with weights() and apply(x)');
  }
  return layer;
}

function declared(layer: Layer): { name: string; shape: number[] }[] {
  const ws = layer.weights();
  if (typeof ws !== 'object' || ws === null) throw new Error('weights() must return an object of tf.Variable');
  return Object.entries(ws).map(([name, v]) => {
    if (!(v instanceof tf.Variable)) throw new Error(`weights().${name} is not a tf.Variable`);
    return { name, shape: [...v.shape] };
  });
}

function inject(layer: Layer, values: Record<string, NumTensor>): void {
  const ws = layer.weights();
  for (const [name, value] of Object.entries(values)) {
    const v = ws[name];
    if (!(v instanceof tf.Variable)) throw new Error(`weights() has no tf.Variable named "${name}"`);
    if (v.shape.join(',') !== value.shape.join(',')) {
      throw new Error(`weights().${name} has shape [${v.shape.join(', ')}], the grader needs [${value.shape.join(', ')}]`);
    }
    v.assign(toTensor(value));
  }
}

const applyTo = (layer: Layer, x: NumTensor): NumTensor => fromTensor(layer.apply(toTensor(x) as tf.Tensor4D), 'apply(x)');

export const probes = {
  /** Declared weights after applying the layer to images of two sizes. */
  declared(learner: unknown, plan: Plan) {
    const layer = build(learner, plan);
    return plan.inputs.map(({ label, x }) => {
      applyTo(layer, x);
      return { label, weights: declared(layer) };
    });
  },
  /** Outputs with the grader's weights injected. */
  injected(learner: unknown, plan: Plan) {
    const layer = build(learner, plan);
    inject(layer, plan.weights);
    return plan.inputs.map(({ label, x }) => ({ label, y: applyTo(layer, x) }));
  },
  /** f(x) and f(shifted x) with the layer's own initial weights. */
  shift(learner: unknown, plan: Plan) {
    const layer = build(learner, plan);
    return { fx: applyTo(layer, plan.shift.x), fShifted: applyTo(layer, plan.shift.shifted) };
  },
  /** Plain SGD on a mean squared error, from the grader's initial weights. */
  train(learner: unknown, plan: Plan) {
    const layer = build(learner, plan);
    inject(layer, plan.train.init);
    const x = toTensor(plan.train.x) as tf.Tensor4D;
    const y = toTensor(plan.train.y);
    const opt = tf.train.sgd(plan.train.learningRate);
    const varList = Object.values(layer.weights());
    const losses: number[] = [];
    for (let s = 0; s < plan.train.steps; s++) {
      const loss = opt.minimize(() => tf.losses.meanSquaredError(y, layer.apply(x)) as tf.Scalar, true, varList);
      losses.push(loss!.dataSync()[0]!);
      loss!.dispose();
    }
    opt.dispose();
    const final: Record<string, NumTensor> = {};
    for (const [name, v] of Object.entries(layer.weights())) final[name] = fromTensor(v, `weights().${name}`);
    return { losses, weights: final };
  },
};
