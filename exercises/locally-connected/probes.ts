// Public glue: how the grader builds, calls and trains your locally connected layer. Runs inside
// the sandbox (and in the browser for visible checks). It only sees the plan, never the seed.
import * as tf from '@tensorflow/tfjs';
import { applyTo, construct, declaredWeights, injectWeights, toTensor, trainWithOptimizer, type NumTensor } from '@tyinglab/grader/probe-kit';

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

export const requiredExports = ['createLocallyConnected2d'];

const build = (learner: unknown, args: LayerArgs): Layer => construct<Layer>(learner, 'createLocallyConnected2d', { ...args }, ['weights', 'apply']);

export const probes = {
  /** Declared weights of a layer built for each image size (after one forward pass). */
  declared(learner: unknown, plan: Plan) {
    return plan.cases.map(({ label, args, x }) => {
      const layer = build(learner, args);
      applyTo(layer, x);
      return { label, weights: declaredWeights(layer) };
    });
  },
  /** Outputs with the grader's (untied, random) weights injected, for each image size. */
  injected(learner: unknown, plan: Plan) {
    return plan.cases.map(({ label, args, x, weights }) => {
      const layer = build(learner, args);
      injectWeights(layer, weights);
      return { label, y: applyTo(layer, x) };
    });
  },
  /** Output when every location holds the same kernel and bias. */
  tiedCopy(learner: unknown, plan: Plan) {
    const layer = build(learner, plan.tiedCopy.args);
    injectWeights(layer, plan.tiedCopy.weights);
    return { y: applyTo(layer, plan.tiedCopy.x) };
  },
  /** Plain SGD on a mean squared error, from the grader's initial weights. */
  train(learner: unknown, plan: Plan) {
    const { args, init, x, y, learningRate, steps } = plan.train;
    const layer = build(learner, args);
    const [xs, ys] = [toTensor(x) as tf.Tensor4D, toTensor(y)];
    return trainWithOptimizer(layer, { init, optimizer: tf.train.sgd(learningRate), steps, loss: () => tf.losses.meanSquaredError(ys, layer.apply(xs)) as tf.Scalar });
  },
};
