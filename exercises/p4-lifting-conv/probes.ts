// Public glue: how the grader builds and calls your lifting layer. Runs inside the sandbox (and in
// the browser for visible checks). It only sees the plan, never the seed.
import * as tf from '@tensorflow/tfjs';
import { applyTo, construct, declaredPerInput, injectedOutputs, injectWeights, toTensor, variableGradients, type NumTensor } from '@tyinglab/grader/probe-kit';

export interface Plan {
  args: { inChannels: number; outChannels: number; kernelSize: number };
  /** Weight values injected by name for the reference comparison. */
  weights: Record<string, NumTensor>;
  /** Inputs of two different image sizes. */
  inputs: { label: string; x: NumTensor }[];
  /** A square image, the same image rotated 90° counter-clockwise, and public weights to use. */
  rotation: { weights: Record<string, NumTensor>; x: NumTensor; rotated: NumTensor };
  /** Gradient of sum(apply(x) · upstream) with respect to each weight. */
  gradient: { weights: Record<string, NumTensor>; x: NumTensor; upstream: NumTensor };
}

interface Layer {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor4D): tf.Tensor4D;
}

export const requiredExports = ['createP4Lifting'];

const build = (learner: unknown, plan: Plan): Layer => construct<Layer>(learner, 'createP4Lifting', { ...plan.args }, ['weights', 'apply']);

export const probes = {
  /** Declared weights after applying the layer to images of two sizes. */
  declared: (learner: unknown, plan: Plan) => declaredPerInput(build(learner, plan), plan.inputs),
  /** Outputs with the grader's weights injected. */
  injected: (learner: unknown, plan: Plan) => injectedOutputs(build(learner, plan), plan.weights, plan.inputs),
  /** f(x) and f(rotated x) with the plan's public weights. */
  rotation(learner: unknown, plan: Plan) {
    const layer = build(learner, plan);
    injectWeights(layer, plan.rotation.weights);
    return { fx: applyTo(layer, plan.rotation.x), fRotated: applyTo(layer, plan.rotation.rotated) };
  },
  /** d/dw of sum(apply(x) · upstream) for every declared weight, via tf.variableGrads (zeros where none arrives). */
  gradient(learner: unknown, plan: Plan) {
    const layer = build(learner, plan);
    injectWeights(layer, plan.gradient.weights);
    const x = toTensor(plan.gradient.x) as tf.Tensor4D;
    const up = toTensor(plan.gradient.upstream);
    return variableGradients(layer, () => tf.sum(tf.mul(layer.apply(x), up)) as tf.Scalar, { unreached: 'zeros' });
  },
};
