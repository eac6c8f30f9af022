// Public glue: how the grader builds and calls your group convolution (and, for the two-layer
// check, your lifting layer). Runs inside the sandbox (and in the browser for visible checks).
import * as tf from '@tensorflow/tfjs';

export interface NumTensor {
  shape: number[];
  data: number[];
}

export interface LayerArgs {
  inChannels: number;
  outChannels: number;
  kernelSize: number;
}

export interface Plan {
  /** The group convolution under test. */
  args: LayerArgs;
  /** Weight values injected by name for the reference comparison. */
  weights: Record<string, NumTensor>;
  /** p4 feature maps (channel m·4 + s) of two different sizes. */
  inputs: { label: string; x: NumTensor }[];
  /** A p4 feature map, the same map under the p4 rotation, and public weights to use. */
  rotation: { weights: Record<string, NumTensor>; x: NumTensor; rotated: NumTensor };
  /** lifting -> ReLU -> group conv on an image and on the image rotated 90° counter-clockwise. */
  twoLayers: {
    liftingArgs: LayerArgs;
    liftingWeights: Record<string, NumTensor>;
    weights: Record<string, NumTensor>;
    x: NumTensor;
    rotated: NumTensor;
  };
}

interface Layer {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor4D): tf.Tensor4D;
}
type Factory = (args: LayerArgs) => Layer;
type Learner = { createP4GroupConv: Factory; createP4Lifting: Factory };

export const requiredExports = ['createP4GroupConv', 'createP4Lifting'];

const toTensor = (t: NumTensor) => tf.tensor(t.data, t.shape);

function fromTensor(t: unknown, what: string): NumTensor {
  if (!(t instanceof tf.Tensor)) throw new Error(`${what} must return a tf.Tensor`);
  return { shape: [...t.shape], data: Array.from(t.dataSync()) };
}

function build(learner: unknown, which: keyof Learner, args: LayerArgs): Layer {
  const layer = (learner as Learner)[which]({ ...args });
  if (!layer || typeof layer.apply !== 'function' || typeof layer.weights !== 'function') {
    throw new Error(`${which} must return an object with weights() and apply(x)`);
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

function inject(layer: Layer, values: Record<string, NumTensor>, which: string): void {
  const ws = layer.weights();
  for (const [name, value] of Object.entries(values)) {
    const v = ws[name];
    if (!(v instanceof tf.Variable)) throw new Error(`${which}: weights() has no tf.Variable named "${name}"`);
    if (v.shape.join(',') !== value.shape.join(',')) {
      throw new Error(`${which}: weights().${name} has shape [${v.shape.join(', ')}], the grader needs [${value.shape.join(', ')}]`);
    }
    v.assign(toTensor(value));
  }
}

const applyTo = (layer: Layer, x: NumTensor): NumTensor => fromTensor(layer.apply(toTensor(x) as tf.Tensor4D), 'apply(x)');

export const probes = {
  /** Declared weights of the group convolution after applying it to two sizes. */
  declared(learner: unknown, plan: Plan) {
    const layer = build(learner, 'createP4GroupConv', plan.args);
    return plan.inputs.map(({ label, x }) => {
      applyTo(layer, x);
      return { label, weights: declared(layer) };
    });
  },
  /** Group convolution outputs with the grader's weights injected. */
  injected(learner: unknown, plan: Plan) {
    const layer = build(learner, 'createP4GroupConv', plan.args);
    inject(layer, plan.weights, 'createP4GroupConv');
    return plan.inputs.map(({ label, x }) => ({ label, y: applyTo(layer, x) }));
  },
  /** G(f) and G(T f) for a random p4 feature map f, with public weights. */
  rotation(learner: unknown, plan: Plan) {
    const layer = build(learner, 'createP4GroupConv', plan.args);
    inject(layer, plan.rotation.weights, 'createP4GroupConv');
    return { fx: applyTo(layer, plan.rotation.x), fRotated: applyTo(layer, plan.rotation.rotated) };
  },
  /** group conv(ReLU(lifting(x))) for an image and its rotation, with public weights. */
  twoLayers(learner: unknown, plan: Plan) {
    const t = plan.twoLayers;
    const lift = build(learner, 'createP4Lifting', t.liftingArgs);
    inject(lift, t.liftingWeights, 'createP4Lifting');
    const gconv = build(learner, 'createP4GroupConv', plan.args);
    inject(gconv, t.weights, 'createP4GroupConv');
    const net = (x: NumTensor) => fromTensor(tf.tidy(() => gconv.apply(tf.relu(lift.apply(toTensor(x) as tf.Tensor4D)) as tf.Tensor4D)), 'the two-layer network');
    return { fx: net(t.x), fRotated: net(t.rotated) };
  },
};
