// Public glue: how the grader builds, calls and trains your locally connected layer. Runs inside
// the sandbox (and in the browser for visible checks). It only sees the plan, never the seed.
import * as tf from '@tensorflow/tfjs';
import {
  applyTo,
  attemptCall,
  construct,
  declaredWeights,
  fromTensor,
  gradientReach,
  injectWeights,
  leakedTensors,
  toTensor,
  trainWithOptimizer,
  variableContract,
  variableGradients,
  type NumTensor,
} from '@tyinglab/grader/probe-kit';

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
      attemptCall(a.label, () => {
        injectWeights(first, a.weights);
        return first.apply(toTensor(a.x) as tf.Tensor4D);
      }),
      attemptCall(b.label, () => {
        injectWeights(second, b.weights);
        return second.apply(toTensor(b.x) as tf.Tensor4D);
      }),
      attemptCall(plan.updated.label, () => {
        injectWeights(first, plan.updated.weights);
        return first.apply(toTensor(plan.updated.x) as tf.Tensor4D);
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
  /**
   * Every variable the factory and its calls create, against those weights() declares; and, with the
   * grader's weights, which declared weights the gradient of Σ g ⊙ apply(x) reaches.
   */
  variables(learner: unknown, plan: Plan) {
    const g = plan.gradient;
    let reach: ReturnType<typeof gradientReach> = [];
    const contract = variableContract(
      () => build(learner, g.args),
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
    const c = plan.cases[0]!;
    const layer = build(learner, c.args);
    const x = toTensor(c.x) as tf.Tensor4D;
    return [{ call: 'apply(x)', leaked: leakedTensors(() => layer.apply(x)) }];
  },
  /** Plain SGD on a mean squared error, from the grader's initial weights. */
  train(learner: unknown, plan: Plan) {
    const { args, init, x, y, learningRate, steps } = plan.train;
    const layer = build(learner, args);
    const [xs, ys] = [toTensor(x) as tf.Tensor4D, toTensor(y)];
    return trainWithOptimizer(layer, { init, optimizer: tf.train.sgd(learningRate), steps, loss: () => tf.losses.meanSquaredError(ys, layer.apply(xs)) as tf.Scalar });
  },
};
