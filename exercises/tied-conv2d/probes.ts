// Public glue: how the grader builds, calls and trains your layer. Runs inside the sandbox (and in
// the browser for visible checks). It only sees the plan: inputs and weights, never the seed.
import * as tf from '@tensorflow/tfjs';
import { applyTo, construct, declaredPerInput, injectedOutputs, toTensor, trainWithOptimizer, type NumTensor } from '@tyinglab/grader/probe-kit';

export interface Plan {
  args: { inChannels: number; outChannels: number; kernelSize: number };
  /** Weight values injected by name for the reference comparison. */
  weights: Record<string, NumTensor>;
  /** Inputs of two different image sizes. */
  inputs: { label: string; x: NumTensor }[];
  /** An image and its shifted copy (with the learner's own initial weights). */
  shift: { x: NumTensor; shifted: NumTensor };
  train: { init: Record<string, NumTensor>; x: NumTensor; y: NumTensor; learningRate: number; steps: number };
}

interface Layer {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor4D): tf.Tensor4D;
}

export const requiredExports = ['createTiedConv2d'];

const build = (learner: unknown, plan: Plan): Layer => construct<Layer>(learner, 'createTiedConv2d', { ...plan.args }, ['weights', 'apply']);

export const probes = {
  /** Declared weights after applying the layer to images of two sizes. */
  declared: (learner: unknown, plan: Plan) => declaredPerInput(build(learner, plan), plan.inputs),
  /** Outputs with the grader's weights injected. */
  injected: (learner: unknown, plan: Plan) => injectedOutputs(build(learner, plan), plan.weights, plan.inputs),
  /** f(x) and f(shifted x) with the layer's own initial weights. */
  shift(learner: unknown, plan: Plan) {
    const layer = build(learner, plan);
    return { fx: applyTo(layer, plan.shift.x), fShifted: applyTo(layer, plan.shift.shifted) };
  },
  /** Plain SGD on a mean squared error, from the grader's initial weights. */
  train(learner: unknown, plan: Plan) {
    const layer = build(learner, plan);
    const { init, x, y, learningRate, steps } = plan.train;
    const [xs, ys] = [toTensor(x) as tf.Tensor4D, toTensor(y)];
    return trainWithOptimizer(layer, { init, optimizer: tf.train.sgd(learningRate), steps, loss: () => tf.losses.meanSquaredError(ys, layer.apply(xs)) as tf.Scalar });
  },
};
