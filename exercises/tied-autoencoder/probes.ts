// Public glue: how the grader builds, calls and differentiates your autoencoder. Runs inside the
// sandbox (and in the browser for visible checks). It only sees the plan, never the seed.
import * as tf from '@tensorflow/tfjs';
import { construct, declaredWeights, fromTensor, injectWeights, tensorRecord, variableGradients, type NumTensor } from '@tyinglab/grader/probe-kit';

export interface Plan {
  args: { inputSize: number; codeSize: number };
  /** Weight values injected by name for the reference comparisons. */
  weights: Record<string, NumTensor>;
  /** Batches [N, D] of two sizes. */
  inputs: { label: string; x: NumTensor }[];
  /** The batch for the gradient of L = ½ Σ (reconstruct(x) − x)². */
  grad: { x: NumTensor };
}

interface Model {
  weights(): Record<string, tf.Variable>;
  encode(x: tf.Tensor2D): tf.Tensor2D;
  reconstruct(x: tf.Tensor2D): tf.Tensor2D;
  gradients(x: tf.Tensor2D): Record<string, tf.Tensor>;
}

export const requiredExports = ['createTiedAutoencoder'];

const t2 = (t: NumTensor) => tf.tensor2d(t.data, t.shape as [number, number]);

const build = (learner: unknown, plan: Plan): Model =>
  construct<Model>(learner, 'createTiedAutoencoder', { ...plan.args }, ['weights', 'encode', 'reconstruct', 'gradients']);

const lossOf = (m: Model, x: tf.Tensor2D): tf.Scalar => tf.mul(0.5, tf.sum(tf.square(tf.sub(m.reconstruct(x), x))));

export const probes = {
  /** Declared weights after reconstructing batches of two sizes. */
  declared(learner: unknown, plan: Plan) {
    const m = build(learner, plan);
    return plan.inputs.map(({ label, x }) => {
      m.reconstruct(t2(x));
      return { label, weights: declaredWeights(m) };
    });
  },
  /** encode(x) and reconstruct(x) with the grader's weights. */
  injected(learner: unknown, plan: Plan) {
    const m = build(learner, plan);
    injectWeights(m, plan.weights);
    return plan.inputs.map(({ label, x }) => ({
      label,
      code: fromTensor(m.encode(t2(x)), 'encode(x)'),
      recon: fromTensor(m.reconstruct(t2(x)), 'reconstruct(x)'),
    }));
  },
  /**
   * The linear part of your reconstruction with your own initial weights: row i of
   * reconstruct(I) − reconstruct(0) is what the i-th unit vector maps to (this is W Wᵀ when tied).
   */
  linearMap(learner: unknown, plan: Plan) {
    const m = build(learner, plan);
    const D = plan.args.inputSize;
    const S = tf.sub(m.reconstruct(tf.eye(D) as tf.Tensor2D), m.reconstruct(tf.zeros([D, D]) as tf.Tensor2D));
    return fromTensor(S, 'reconstruct(I) − reconstruct(0)');
  },
  /** Your gradients(x). */
  manualGrad(learner: unknown, plan: Plan) {
    const m = build(learner, plan);
    injectWeights(m, plan.weights);
    return tensorRecord(m.gradients(t2(plan.grad.x)), 'gradients()');
  },
  /** tf.variableGrads of L through your own reconstruct(). */
  autodiffGrad(learner: unknown, plan: Plan) {
    const m = build(learner, plan);
    injectWeights(m, plan.weights);
    return variableGradients(m, () => lossOf(m, t2(plan.grad.x)));
  },
};
