// Public glue: how the grader builds, calls and trains your locally connected layer. Runs inside
// the sandbox (and in the browser for visible checks). It only sees the plan, never the seed.
import * as tf from '@tensorflow/tfjs';

export interface NumTensor {
  shape: number[];
  data: number[];
}

export interface LayerArgs {
  inChannels: number;
  outChannels: number;
  kernelSize: number;
  height: number;
  width: number;
}

export interface SizedCase {
  label: string;
  args: LayerArgs;
  x: NumTensor;
  /** Values injected by name (random, one kernel per output location). */
  weights: Record<string, NumTensor>;
}

export interface Plan {
  /** Two image sizes; the layer is built once per size. */
  cases: SizedCase[];
  /** Every location's kernel set to the SAME 3×3 kernel (and the same bias): must equal a tied 'valid' conv. */
  tiedCopy: { args: LayerArgs; x: NumTensor; weights: Record<string, NumTensor>; base: { kernel: NumTensor; bias: NumTensor } };
  train: { args: LayerArgs; init: Record<string, NumTensor>; x: NumTensor; y: NumTensor; learningRate: number; steps: number };
}

interface Layer {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor4D): tf.Tensor4D;
}
type Learner = { createLocallyConnected2d: (args: LayerArgs) => Layer };

export const requiredExports = ['createLocallyConnected2d'];

const toTensor = (t: NumTensor) => tf.tensor(t.data, t.shape);

function fromTensor(t: unknown, what: string): NumTensor {
  if (!(t instanceof tf.Tensor)) throw new Error(`${what} must return a tf.Tensor`);
  return { shape: [...t.shape], data: Array.from(t.dataSync()) };
}

function build(learner: unknown, args: LayerArgs): Layer {
  const layer = (learner as Learner).createLocallyConnected2d({ ...args });
  if (!layer || typeof layer.apply !== 'function' || typeof layer.weights !== 'function') {
    throw new Error('createLocallyConnected2d must return an object with weights() and apply(x)');
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
  /** Declared weights of a layer built for each image size (after one forward pass). */
  declared(learner: unknown, plan: Plan) {
    return plan.cases.map(({ label, args, x }) => {
      const layer = build(learner, args);
      applyTo(layer, x);
      return { label, weights: declared(layer) };
    });
  },
  /** Outputs with the grader's (untied, random) weights injected, for each image size. */
  injected(learner: unknown, plan: Plan) {
    return plan.cases.map(({ label, args, x, weights }) => {
      const layer = build(learner, args);
      inject(layer, weights);
      return { label, y: applyTo(layer, x) };
    });
  },
  /** Output when every location holds the same kernel and bias. */
  tiedCopy(learner: unknown, plan: Plan) {
    const layer = build(learner, plan.tiedCopy.args);
    inject(layer, plan.tiedCopy.weights);
    return { y: applyTo(layer, plan.tiedCopy.x) };
  },
  /** Plain SGD on a mean squared error, from the grader's initial weights. */
  train(learner: unknown, plan: Plan) {
    const layer = build(learner, plan.train.args);
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
