// Public glue: how the grader builds and calls your group convolution (and your lifting layer, alone
// and in front of it). Runs inside the sandbox (and in the browser for visible checks). It only
// sees the plan: sizes, inputs and weights, never the seed.
import * as tf from '@tensorflow/tfjs';
import { applyTo, construct, declaredPerInput, fromTensor, injectWeights, toTensor, variableGradients, type NumTensor } from '@tyinglab/grader/probe-kit';

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
    lifting: { args: LayerArgs; weights: Record<string, NumTensor>; inputs: LabelledInput[] };
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
 * One call of a sequence: its output, or null when the learner's code threw. The error is not passed
 * on (it may carry hidden inputs); the check names the call instead.
 */
function attempt(label: string, call: () => NumTensor): { label: string; y: NumTensor | null } {
  try {
    return { label, y: call() };
  } catch {
    return { label, y: null };
  }
}

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

/**
 * Tensors a call leaves allocated besides its result, counted around a repeated call (the first call
 * may build constants once, on purpose). The result is disposed afterwards unless it is a variable.
 */
function leakedBy(call: () => unknown): number {
  const results = (r: unknown): tf.Tensor[] =>
    r instanceof tf.Tensor ? [r] : r && typeof r === 'object' ? Object.values(r).filter((t): t is tf.Tensor => t instanceof tf.Tensor) : [];
  const release = (r: unknown) => tf.dispose(results(r).filter((t) => !(t instanceof tf.Variable)));
  release(call());
  const before = tf.memory().numTensors;
  const r = call();
  const leaked = tf.memory().numTensors - before - results(r).length;
  release(r);
  return leaked;
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
      attempt(a.label, () => {
        inject(first, p.weights, 'createP4GroupConv');
        return applyTo(first, a.x);
      }),
      attempt(p.other.input.label, () => {
        inject(second, p.other.weights, 'createP4GroupConv');
        return applyTo(second, p.other.input.x);
      }),
      attempt(b.label, () => applyTo(first, b.x)),
      attempt(p.updated.input.label, () => {
        inject(first, p.updated.weights, 'createP4GroupConv');
        return applyTo(first, p.updated.input.x);
      }),
    ];
    const lift = build(learner, 'createP4Lifting', p.lifting.args);
    for (const input of p.lifting.inputs) {
      out.push(
        attempt(input.label, () => {
          inject(lift, p.lifting.weights, 'createP4Lifting');
          return applyTo(lift, input.x);
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
  /** Tensors each apply(x) leaves behind (the statement asks for tf.tidy). */
  leaks(learner: unknown, plan: Plan) {
    const gconv = build(learner, 'createP4GroupConv', plan.args);
    const lift = build(learner, 'createP4Lifting', plan.twoLayers.liftingArgs);
    const f = toTensor(plan.inputs[0]!.x) as tf.Tensor4D;
    const x = toTensor(plan.twoLayers.x) as tf.Tensor4D;
    return [
      { call: 'createP4GroupConv: apply(x)', leaked: leakedBy(() => gconv.apply(f)) },
      { call: 'createP4Lifting: apply(x)', leaked: leakedBy(() => lift.apply(x)) },
    ];
  },
};
