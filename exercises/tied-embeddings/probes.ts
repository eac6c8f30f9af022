// Public glue: how the grader builds, calls and differentiates your tied language model. Runs
// inside the sandbox (and in the browser for visible checks). It only sees the plan, never the seed.
import * as tf from '@tensorflow/tfjs';
import { construct, declaredWeights, fromTensor, injectWeights, tensorRecord, variableGradients, type NumTensor } from '@tyinglab/grader/probe-kit';

export interface Plan {
  args: { vocabSize: number; embedSize: number };
  /** Weight values injected by name for the reference comparisons. */
  weights: Record<string, NumTensor>;
  /** Batches of token ids (integers in [0, V)) of two sizes. */
  batches: { label: string; tokens: number[] }[];
  /** Mean next-token cross-entropy of logits(tokens) against targets. */
  grad: { tokens: number[]; targets: number[] };
}

interface Lm {
  weights(): Record<string, tf.Variable>;
  logits(tokens: tf.Tensor1D): tf.Tensor2D;
  gradients(tokens: tf.Tensor1D, targets: tf.Tensor1D): Record<string, tf.Tensor>;
}

export const requiredExports = ['createTiedLm'];

const ids = (xs: number[]) => tf.tensor1d(xs, 'int32');

const build = (learner: unknown, plan: Plan): Lm => construct<Lm>(learner, 'createTiedLm', { ...plan.args }, ['weights', 'logits', 'gradients']);

/** Mean cross-entropy −(1/N) Σ_n log softmax(logits_n)[target_n]. */
const lossOf = (m: Lm, g: Plan['grad'], V: number): tf.Scalar =>
  tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(ids(g.targets), V).toFloat(), tf.logSoftmax(m.logits(ids(g.tokens)))), 1))) as tf.Scalar;

export const probes = {
  /** Declared weights after running batches of two sizes. */
  declared(learner: unknown, plan: Plan) {
    const m = build(learner, plan);
    return plan.batches.map(({ label, tokens }) => {
      m.logits(ids(tokens));
      return { label, weights: declaredWeights(m) };
    });
  },
  /** logits(tokens) with the grader's weights. */
  injected(learner: unknown, plan: Plan) {
    const m = build(learner, plan);
    injectWeights(m, plan.weights);
    return plan.batches.map(({ label, tokens }) => ({ label, logits: fromTensor(m.logits(ids(tokens)), 'logits(tokens)') }));
  },
  /** Your gradients(tokens, targets). */
  manualGrad(learner: unknown, plan: Plan) {
    const m = build(learner, plan);
    injectWeights(m, plan.weights);
    return tensorRecord(m.gradients(ids(plan.grad.tokens), ids(plan.grad.targets)), 'gradients()');
  },
  /** tf.variableGrads of the mean cross-entropy through your own logits(). */
  autodiffGrad(learner: unknown, plan: Plan) {
    const m = build(learner, plan);
    injectWeights(m, plan.weights);
    return variableGradients(m, () => lossOf(m, plan.grad, plan.args.vocabSize));
  },
};
