// Public glue: how the grader builds and calls your lifting layer. Runs inside the sandbox (and in
// the browser for visible checks). It only sees the plan, never the seed.
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
  /** A square image, the same image rotated 90° counter-clockwise, and public weights to use. */
  rotation: { weights: Record<string, NumTensor>; x: NumTensor; rotated: NumTensor };
  /** Gradient of sum(apply(x) · upstream) with respect to each weight. */
  gradient: { weights: Record<string, NumTensor>; x: NumTensor; upstream: NumTensor };
}

interface Layer {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor4D): tf.Tensor4D;
}
type Learner = { createP4Lifting: (args: Plan['args']) => Layer };

export const requiredExports = ['createP4Lifting'];

const toTensor = (t: NumTensor) => tf.tensor(t.data, t.shape);

function fromTensor(t: unknown, what: string): NumTensor {
  if (!(t instanceof tf.Tensor)) throw new Error(`${what} must return a tf.Tensor`);
  return { shape: [...t.shape], data: Array.from(t.dataSync()) };
}

function build(learner: unknown, plan: Plan): Layer {
  const layer = (learner as Learner).createP4Lifting({ ...plan.args });
  if (!layer || typeof layer.apply !== 'function' || typeof layer.weights !== 'function') {
    throw new Error('createP4Lifting must return an object with weights() and apply(x)');
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
  /** f(x) and f(rotated x) with the plan's public weights. */
  rotation(learner: unknown, plan: Plan) {
    const layer = build(learner, plan);
    inject(layer, plan.rotation.weights);
    return { fx: applyTo(layer, plan.rotation.x), fRotated: applyTo(layer, plan.rotation.rotated) };
  },
  /** d/dw of sum(apply(x) · upstream) for every declared weight, via tf.variableGrads. */
  gradient(learner: unknown, plan: Plan) {
    const layer = build(learner, plan);
    inject(layer, plan.gradient.weights);
    const x = toTensor(plan.gradient.x) as tf.Tensor4D;
    const up = toTensor(plan.gradient.upstream);
    const ws = layer.weights();
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x), up)) as tf.Scalar, Object.values(ws));
    value.dispose();
    const out: Record<string, NumTensor> = {};
    for (const [name, v] of Object.entries(ws)) {
      const g = grads[v.name];
      out[name] = g ? fromTensor(g, `gradient of ${name}`) : { shape: [...v.shape], data: new Array<number>(v.size).fill(0) };
    }
    return out;
  },
};
