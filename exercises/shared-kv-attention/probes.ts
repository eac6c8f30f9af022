// Public glue: how the grader builds and calls your attention stack. Runs inside the sandbox (and in
// the browser for visible checks). It only sees the plan: inputs and weights, never the seed.
import * as tf from '@tensorflow/tfjs';
import { applyTo, construct, declaredWeights, injectedOutputs, injectWeights, type NumTensor } from '@tyinglab/grader/probe-kit';

export interface Plan {
  dModel: number;
  /** Depths at which the declared weights are listed (parameter count vs depth). */
  depths: number[];
  /** Input used while listing the weights. */
  probeX: NumTensor;
  /** Weights injected by name (for a stack of `injected.numLayers` layers) and the inputs they are applied to. */
  injected: { numLayers: number; weights: Record<string, NumTensor>; inputs: { label: string; x: NumTensor }[] };
  /** Sequences x and px[:, i] = x[:, perm[i]] (tokens reordered); run with `injected.weights`. */
  permuted: { x: NumTensor; perm: number[]; px: NumTensor };
}

interface Stack {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor3D): tf.Tensor3D;
}

export const requiredExports = ['createSharedKvAttention'];

const build = (learner: unknown, dModel: number, numLayers: number): Stack => construct<Stack>(learner, 'createSharedKvAttention', { dModel, numLayers }, ['weights', 'apply']);

export const probes = {
  /** Declared weights of stacks of different depths (after one forward pass each). */
  declared(learner: unknown, plan: Plan) {
    return plan.depths.map((numLayers) => {
      const stack = build(learner, plan.dModel, numLayers);
      applyTo(stack, plan.probeX);
      return { label: `L = ${numLayers}`, weights: declaredWeights(stack) };
    });
  },
  /** Outputs with the grader's weights injected. */
  injected: (learner: unknown, plan: Plan) => injectedOutputs(build(learner, plan.dModel, plan.injected.numLayers), plan.injected.weights, plan.injected.inputs),
  /** f(x) and f(P x) for a reordering P of the tokens, with the grader's weights injected. */
  permuted(learner: unknown, plan: Plan) {
    const stack = build(learner, plan.dModel, plan.injected.numLayers);
    injectWeights(stack, plan.injected.weights);
    return { fx: applyTo(stack, plan.permuted.x), fPx: applyTo(stack, plan.permuted.px) };
  },
};
