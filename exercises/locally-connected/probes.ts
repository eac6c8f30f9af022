// Public glue: how the grader builds, calls and trains your locally connected layer. Runs inside
// the sandbox (and in the browser for visible checks). It only sees the plan, never the seed.
import * as tf from '@tensorflow/tfjs';
import { applyTo, construct, declaredWeights, fromTensor, injectWeights, toTensor, trainWithOptimizer, variableGradients, type NumTensor } from '@tyinglab/grader/probe-kit';

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
  /**
   * Two layers of different kernel sizes and image sizes (one for a single output row or column
   * and a batch of one). Both are alive at once in the reference comparison, whose calls are
   * interleaved; the first then gets new weights and is called again (`updated`).
   */
  cases: SizedCase[];
  updated: { label: string; x: NumTensor; weights: Record<string, NumTensor> };
  /** Every location's kernel set to the SAME k×k kernel (and the same bias): must equal a tied 'valid' conv. */
  tiedCopy: { args: LayerArgs; x: NumTensor; weights: Record<string, NumTensor>; base: { kernel: NumTensor; bias: NumTensor } };
  /** Gradients of L = Σ g ⊙ apply(x) with respect to x and the weights. */
  gradient: { args: LayerArgs; weights: Record<string, NumTensor>; x: NumTensor; upstream: NumTensor };
  train: { args: LayerArgs; init: Record<string, NumTensor>; x: NumTensor; y: NumTensor; learningRate: number; steps: number };
}

interface Layer {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor4D): tf.Tensor4D;
}

export const requiredExports = ['createLocallyConnected2d'];

const build = (learner: unknown, args: LayerArgs): Layer => construct<Layer>(learner, 'createLocallyConnected2d', { ...args }, ['weights', 'apply']);

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
  /** Declared weights of a layer built for each configuration (after one forward pass). */
  declared(learner: unknown, plan: Plan) {
    return plan.cases.map(({ label, args, x }) => {
      const layer = build(learner, args);
      applyTo(layer, x);
      return { label, weights: declaredWeights(layer) };
    });
  },
  /**
   * Outputs with the grader's (untied, random) weights: both layers alive at once, calls
   * interleaved, then new weights in the first. Each call is attempted on its own.
   */
  injected(learner: unknown, plan: Plan) {
    const [a, b] = plan.cases as [SizedCase, SizedCase];
    const first = build(learner, a.args);
    const second = build(learner, b.args);
    return [
      attempt(a.label, () => {
        injectWeights(first, a.weights);
        return applyTo(first, a.x);
      }),
      attempt(b.label, () => {
        injectWeights(second, b.weights);
        return applyTo(second, b.x);
      }),
      attempt(plan.updated.label, () => {
        injectWeights(first, plan.updated.weights);
        return applyTo(first, plan.updated.x);
      }),
    ];
  },
  /** Output when every location holds the same kernel and bias. */
  tiedCopy(learner: unknown, plan: Plan) {
    const layer = build(learner, plan.tiedCopy.args);
    injectWeights(layer, plan.tiedCopy.weights);
    return { y: applyTo(layer, plan.tiedCopy.x) };
  },
  /** ∂/∂x and ∂/∂w of Σ g ⊙ apply(x), with the grader's weights. */
  gradients(learner: unknown, plan: Plan) {
    const g = plan.gradient;
    const layer = build(learner, g.args);
    injectWeights(layer, g.weights);
    return layerGradients(layer, g.x, g.upstream);
  },
  /** Tensors apply(x) leaves behind (the statement asks for tf.tidy). */
  leaks(learner: unknown, plan: Plan) {
    const c = plan.cases[0]!;
    const layer = build(learner, c.args);
    const x = toTensor(c.x) as tf.Tensor4D;
    return [{ call: 'apply(x)', leaked: leakedBy(() => layer.apply(x)) }];
  },
  /** Plain SGD on a mean squared error, from the grader's initial weights. */
  train(learner: unknown, plan: Plan) {
    const { args, init, x, y, learningRate, steps } = plan.train;
    const layer = build(learner, args);
    const [xs, ys] = [toTensor(x) as tf.Tensor4D, toTensor(y)];
    return trainWithOptimizer(layer, { init, optimizer: tf.train.sgd(learningRate), steps, loss: () => tf.losses.meanSquaredError(ys, layer.apply(xs)) as tf.Scalar });
  },
};
