// Public glue: how the grader builds, calls and trains your layer. Runs inside the sandbox (and in
// the browser for visible checks). It only sees the plan: inputs and weights, never the seed.
import * as tf from '@tensorflow/tfjs';
import { construct, declaredWeights, fromTensor, injectWeights, toTensor, weightValues, type NumTensor } from '@tyinglab/grader/probe-kit';

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

const applyTo = (layer: Layer, x: NumTensor): NumTensor => fromTensor(layer.apply(toTensor(x) as tf.Tensor4D), 'apply(x)');

export const probes = {
  /** Declared weights after applying the layer to images of two sizes. */
  declared(learner: unknown, plan: Plan) {
    const layer = build(learner, plan);
    return plan.inputs.map(({ label, x }) => {
      applyTo(layer, x);
      return { label, weights: declaredWeights(layer) };
    });
  },
  /** Outputs with the grader's weights injected. */
  injected(learner: unknown, plan: Plan) {
    const layer = build(learner, plan);
    injectWeights(layer, plan.weights);
    return plan.inputs.map(({ label, x }) => ({ label, y: applyTo(layer, x) }));
  },
  /** f(x) and f(shifted x) with the layer's own initial weights. */
  shift(learner: unknown, plan: Plan) {
    const layer = build(learner, plan);
    return { fx: applyTo(layer, plan.shift.x), fShifted: applyTo(layer, plan.shift.shifted) };
  },
  /** Plain SGD on a mean squared error, from the grader's initial weights. */
  train(learner: unknown, plan: Plan) {
    const layer = build(learner, plan);
    injectWeights(layer, plan.train.init);
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
    return { losses, weights: weightValues(layer) };
  },
};
