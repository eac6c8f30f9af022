// Public glue: how the grader builds and calls your lifting layer. Runs inside the sandbox (and in
// the browser for visible checks). It only sees the plan: sizes, inputs and weights, never the seed.
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
  /** The layer most probes build: kernel size and channels are drawn per run. */
  args: LayerArgs;
  /** Images of two sizes (one a batch of one), for the declared weights. */
  inputs: LabelledInput[];
  /**
   * The reference comparison: a second layer (another kernel size and other channels) alive at the
   * same time, calls interleaved, and new weights assigned to the first layer between two calls.
   */
  injected: {
    weights: Record<string, NumTensor>;
    inputs: LabelledInput[];
    other: { args: LayerArgs; weights: Record<string, NumTensor>; input: LabelledInput };
    updated: { weights: Record<string, NumTensor>; input: LabelledInput };
  };
  /** A square image, the same image rotated 90° counter-clockwise, and public weights to use. */
  rotation: { weights: Record<string, NumTensor>; x: NumTensor; rotated: NumTensor };
  /** Gradients of L = Σ g ⊙ apply(x) with respect to x and each weight. */
  gradient: { weights: Record<string, NumTensor>; x: NumTensor; upstream: NumTensor };
}

interface Layer {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor4D): tf.Tensor4D;
}

export const requiredExports = ['createP4Lifting'];

const build = (learner: unknown, args: LayerArgs): Layer => construct<Layer>(learner, 'createP4Lifting', { ...args }, ['weights', 'apply']);

/** Output shape, ∂L/∂x (null when no gradient reaches x) and ∂L/∂w for L = Σ g ⊙ apply(x). */
function layerGradients(layer: Layer, xJson: NumTensor, gJson: NumTensor) {
  const x = toTensor(xJson) as tf.Tensor4D;
  const g = toTensor(gJson);
  const y = layer.apply(x);
  if (!(y instanceof tf.Tensor)) throw new Error('apply(x) must return a tf.Tensor');
  const outputShape = [...y.shape];
  y.dispose();
  if (outputShape.join(',') !== gJson.shape.join(',')) return { outputShape, input: null, weights: {} };
  const loss = (xs: tf.Tensor) => tf.sum(tf.mul(layer.apply(xs as tf.Tensor4D), g)) as tf.Scalar;
  // A weight the loss never reaches is left out: the check names it.
  const weights = variableGradients(layer, () => loss(x));
  let input: NumTensor | null = null;
  try {
    input = fromTensor(tf.grad(loss)(x), 'the gradient of apply(x) with respect to x');
  } catch (e) {
    // tfjs refuses a gradient when the output does not depend on x through tfjs operations.
    if (!(e instanceof Error && /Cannot compute gradient/.test(e.message))) throw e;
  }
  return { outputShape, input, weights };
}

export const probes = {
  /** Declared weights after applying the layer to images of two sizes. */
  declared: (learner: unknown, plan: Plan) => declaredPerInput(build(learner, plan.args), plan.inputs),
  /**
   * Outputs with the grader's weights: two layers alive at once (the second created before the first
   * is used), calls interleaved, then new weights assigned to the first. Each call is attempted on
   * its own, so one that throws is reported as such and the others are still compared.
   */
  injected(learner: unknown, plan: Plan) {
    const p = plan.injected;
    const first = build(learner, plan.args);
    const second = build(learner, p.other.args);
    const [a, b] = p.inputs as [LabelledInput, LabelledInput];
    return [
      attemptCall(a.label, () => {
        injectWeights(first, p.weights);
        return first.apply(toTensor(a.x) as tf.Tensor4D);
      }),
      attemptCall(p.other.input.label, () => {
        injectWeights(second, p.other.weights);
        return second.apply(toTensor(p.other.input.x) as tf.Tensor4D);
      }),
      attemptCall(b.label, () => first.apply(toTensor(b.x) as tf.Tensor4D)),
      attemptCall(p.updated.input.label, () => {
        injectWeights(first, p.updated.weights);
        return first.apply(toTensor(p.updated.input.x) as tf.Tensor4D);
      }),
    ];
  },
  /** f(x) and f(rotated x) with the plan's public weights. */
  rotation(learner: unknown, plan: Plan) {
    const layer = build(learner, plan.args);
    injectWeights(layer, plan.rotation.weights);
    return { fx: applyTo(layer, plan.rotation.x), fRotated: applyTo(layer, plan.rotation.rotated) };
  },
  /** ∂/∂x and ∂/∂w of Σ g ⊙ apply(x), with the grader's weights. */
  gradient(learner: unknown, plan: Plan) {
    const layer = build(learner, plan.args);
    injectWeights(layer, plan.gradient.weights);
    return layerGradients(layer, plan.gradient.x, plan.gradient.upstream);
  },
  /**
   * Every variable the factory and its calls create, against those weights() declares; and, with the
   * grader's weights, which declared weights the gradient of Σ g ⊙ apply(x) reaches.
   */
  variables(learner: unknown, plan: Plan) {
    const g = plan.gradient;
    let reach: ReturnType<typeof gradientReach> = [];
    const contract = variableContract(
      () => build(learner, plan.args),
      (layer) => {
        injectWeights(layer, g.weights);
        const x = toTensor(g.x) as tf.Tensor4D;
        tf.dispose(layer.apply(x));
        reach = gradientReach(layer, () => tf.sum(tf.mul(layer.apply(x), toTensor(g.upstream))) as tf.Scalar);
      },
    );
    return { contract, reach };
  },
  /** Tensors apply(x) leaves behind (the statement asks for tf.tidy). */
  leaks(learner: unknown, plan: Plan) {
    const layer = build(learner, plan.args);
    const x = toTensor(plan.inputs[0]!.x) as tf.Tensor4D;
    return [{ call: 'apply(x)', leaked: leakedTensors(() => layer.apply(x)) }];
  },
};
