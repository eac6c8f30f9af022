// Public glue: how the grader builds and calls your group convolution (and your lifting layer, alone
// and in front of it). Runs inside the sandbox (and in the browser for visible checks). It only
// sees the plan: sizes, inputs and weights, never the seed.
import * as tf from '@tensorflow/tfjs';
import {
  applyTo,
  attemptCall,
  construct,
  declaredPerInput,
  fromTensor,
  gradientReach,
  injectWeights,
  leakedTensors,
  toTensor,
  variableContract,
  variableGradients,
  type NumTensor,
} from '@tyinglab/grader/probe-kit';

export interface LayerArgs {
  inChannels: number;
  outChannels: number;
  kernelSize: number;
}

export interface LabelledInput {
  label: string;
  x: NumTensor;
}

export interface Plan {
  /** The group convolution most probes build: kernel size and channels are drawn per run. */
  args: LayerArgs;
  /** p4 feature maps (channel m·4 + s) of two sizes (one a batch of one), for the declared weights. */
  inputs: LabelledInput[];
  /**
   * The reference comparison of the group convolution: a second one (another kernel size and other
   * channels) alive at the same time, calls interleaved, and new weights assigned to the first
   * between two calls; then the lifting layer on its own (bias, padding, layout).
   */
  injected: {
    weights: Record<string, NumTensor>;
    inputs: LabelledInput[];
    other: { args: LayerArgs; weights: Record<string, NumTensor>; input: LabelledInput };
    updated: { weights: Record<string, NumTensor>; input: LabelledInput };
    /** `upstream`: a random g of the lifting layer's output shape for its first input (variables probe). */
    lifting: { args: LayerArgs; weights: Record<string, NumTensor>; inputs: LabelledInput[]; upstream: NumTensor };
  };
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
  /**
   * Gradients of L = Σ g ⊙ G(f) for the group convolution G alone (with respect to f and its
   * weights), and of L = Σ h ⊙ G(ReLU(lift(x))) with respect to the lifting layer's weights.
   */
  gradient: {
    weights: Record<string, NumTensor>;
    x: NumTensor;
    upstream: NumTensor;
    liftingArgs: LayerArgs;
    liftingWeights: Record<string, NumTensor>;
    image: NumTensor;
    networkUpstream: NumTensor;
  };
}

interface Layer {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor4D): tf.Tensor4D;
}
type Factory = 'createP4GroupConv' | 'createP4Lifting';

export const requiredExports = ['createP4GroupConv', 'createP4Lifting'];

const build = (learner: unknown, which: Factory, args: LayerArgs): Layer => construct<Layer>(learner, which, { ...args }, ['weights', 'apply']);

// Two layers are injected in several probes, so a bad name or shape says which factory's layer it is.
const weightsOf = (which: Factory) => `${which}: weights()`;
const inject = (layer: Layer, values: Record<string, NumTensor>, which: Factory): void => injectWeights(layer, values, weightsOf(which));

/**
 * Output shape, ∂L/∂x (null when no gradient reaches x) and ∂L/∂w of `weightsOwner`'s weights for
 * L = Σ g ⊙ f(x).
 */
function gradientsOf(f: (x: tf.Tensor4D) => tf.Tensor, weightsOwner: Layer, xJson: NumTensor, gJson: NumTensor, what: Factory) {
  const x = toTensor(xJson) as tf.Tensor4D;
  const g = toTensor(gJson);
  const y = f(x);
  if (!(y instanceof tf.Tensor)) throw new Error('apply(x) must return a tf.Tensor');
  const outputShape = [...y.shape];
  y.dispose();
  if (outputShape.join(',') !== gJson.shape.join(',')) return { outputShape, input: null, weights: {} };
  const loss = (xs: tf.Tensor) => tf.sum(tf.mul(f(xs as tf.Tensor4D), g)) as tf.Scalar;
  // A weight the loss never reaches is left out: the check names it.
  const weights = variableGradients(weightsOwner, () => loss(x), { what: weightsOf(what) });
  let input: NumTensor | null = null;
  try {
    input = fromTensor(tf.grad(loss)(x), 'the gradient with respect to the input');
  } catch (e) {
    // tfjs refuses a gradient when the output does not depend on x through tfjs operations.
    if (!(e instanceof Error && /Cannot compute gradient/.test(e.message))) throw e;
  }
  return { outputShape, input, weights };
}

export const probes = {
  /** Declared weights of the group convolution after applying it to two sizes. */
  declared: (learner: unknown, plan: Plan) => declaredPerInput(build(learner, 'createP4GroupConv', plan.args), plan.inputs, weightsOf('createP4GroupConv')),
  /**
   * Group convolution outputs with the grader's weights: two layers alive at once, calls
   * interleaved, new weights in the first; then the lifting layer alone. Each call is attempted on
   * its own, so one that throws is reported as such and the others are still compared.
   */
  injected(learner: unknown, plan: Plan) {
    const p = plan.injected;
    const first = build(learner, 'createP4GroupConv', plan.args);
    const second = build(learner, 'createP4GroupConv', p.other.args);
    const [a, b] = p.inputs as [LabelledInput, LabelledInput];
    const out = [
      attemptCall(a.label, () => {
        inject(first, p.weights, 'createP4GroupConv');
        return first.apply(toTensor(a.x) as tf.Tensor4D);
      }),
      attemptCall(p.other.input.label, () => {
        inject(second, p.other.weights, 'createP4GroupConv');
        return second.apply(toTensor(p.other.input.x) as tf.Tensor4D);
      }),
      attemptCall(b.label, () => first.apply(toTensor(b.x) as tf.Tensor4D)),
      attemptCall(p.updated.input.label, () => {
        inject(first, p.updated.weights, 'createP4GroupConv');
        return first.apply(toTensor(p.updated.input.x) as tf.Tensor4D);
      }),
    ];
    const lift = build(learner, 'createP4Lifting', p.lifting.args);
    for (const input of p.lifting.inputs) {
      out.push(
        attemptCall(input.label, () => {
          inject(lift, p.lifting.weights, 'createP4Lifting');
          return lift.apply(toTensor(input.x) as tf.Tensor4D);
        }),
      );
    }
    return out;
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
  /** ∂/∂f and ∂/∂w of Σ g ⊙ G(f); ∂/∂w_lift of Σ h ⊙ G(ReLU(lift(x))). With the grader's weights. */
  gradients(learner: unknown, plan: Plan) {
    const g = plan.gradient;
    const gconv = build(learner, 'createP4GroupConv', plan.args);
    inject(gconv, g.weights, 'createP4GroupConv');
    const groupConv = gradientsOf((x) => gconv.apply(x), gconv, g.x, g.upstream, 'createP4GroupConv');
    const lift = build(learner, 'createP4Lifting', g.liftingArgs);
    inject(lift, g.liftingWeights, 'createP4Lifting');
    const network = gradientsOf((x) => gconv.apply(tf.relu(lift.apply(x)) as tf.Tensor4D), lift, g.image, g.networkUpstream, 'createP4Lifting');
    return { groupConv, network };
  },
  /**
   * For each factory: every variable it and its calls create, against those weights() declares; and,
   * with the grader's weights, which declared weights the gradient of Σ g ⊙ apply(x) reaches.
   */
  variables(learner: unknown, plan: Plan) {
    const g = plan.gradient;
    const contractOf = (which: Factory, args: LayerArgs, weights: Record<string, NumTensor>, x: NumTensor, upstream: NumTensor) => {
      let reach: ReturnType<typeof gradientReach> = [];
      const contract = variableContract(
        () => build(learner, which, args),
        (layer) => {
          inject(layer, weights, which);
          const xs = toTensor(x) as tf.Tensor4D;
          tf.dispose(layer.apply(xs));
          reach = gradientReach(layer, () => tf.sum(tf.mul(layer.apply(xs), toTensor(upstream))) as tf.Scalar, { what: weightsOf(which) });
        },
        weightsOf(which),
      );
      return { contract, reach };
    };
    const l = plan.injected.lifting;
    return {
      groupConv: contractOf('createP4GroupConv', plan.args, g.weights, g.x, g.upstream),
      lifting: contractOf('createP4Lifting', l.args, l.weights, l.inputs[0]!.x, l.upstream),
    };
  },
  /** Tensors each apply(x) leaves behind (the statement asks for tf.tidy). */
  leaks(learner: unknown, plan: Plan) {
    const gconv = build(learner, 'createP4GroupConv', plan.args);
    const lift = build(learner, 'createP4Lifting', plan.twoLayers.liftingArgs);
    const f = toTensor(plan.inputs[0]!.x) as tf.Tensor4D;
    const x = toTensor(plan.twoLayers.x) as tf.Tensor4D;
    return [
      { call: 'createP4GroupConv: apply(x)', leaked: leakedTensors(() => gconv.apply(f)) },
      { call: 'createP4Lifting: apply(x)', leaked: leakedTensors(() => lift.apply(x)) },
    ];
  },
};
