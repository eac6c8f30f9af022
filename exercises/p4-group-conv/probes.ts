// Public glue: how the grader builds and calls your group convolution (and, for the two-layer
// check, your lifting layer). Runs inside the sandbox (and in the browser for visible checks).
import * as tf from '@tensorflow/tfjs';
import { applyTo, construct, declaredPerInput, fromTensor, injectedOutputs, injectWeights, toTensor, type NumTensor } from '@tyinglab/grader/probe-kit';

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
type Factory = 'createP4GroupConv' | 'createP4Lifting';

export const requiredExports = ['createP4GroupConv', 'createP4Lifting'];

const build = (learner: unknown, which: Factory, args: LayerArgs): Layer =>
  construct<Layer>(learner, which, { ...args }, ['weights', 'apply']);

// Two layers are injected in twoLayers, so a bad name or shape says which factory's layer it is.
const weightsOf = (which: Factory) => `${which}: weights()`;
const inject = (layer: Layer, values: Record<string, NumTensor>, which: Factory): void => injectWeights(layer, values, weightsOf(which));

export const probes = {
  /** Declared weights of the group convolution after applying it to two sizes. */
  declared: (learner: unknown, plan: Plan) => declaredPerInput(build(learner, 'createP4GroupConv', plan.args), plan.inputs),
  /** Group convolution outputs with the grader's weights injected. */
  injected: (learner: unknown, plan: Plan) => injectedOutputs(build(learner, 'createP4GroupConv', plan.args), plan.weights, plan.inputs, weightsOf('createP4GroupConv')),
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
