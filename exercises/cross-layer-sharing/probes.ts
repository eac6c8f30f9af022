// Public glue: how the grader builds, calls and differentiates your shared-block stack. Runs inside
// the sandbox (and in the browser for visible checks). It only sees the plan, never the seed.
import * as tf from '@tensorflow/tfjs';
import { construct, declaredWeights, fromTensor, injectWeights, tensorRecord, variableGradients, type NumTensor } from '@tyinglab/grader/probe-kit';

export interface Plan {
  width: number;
  /** Weight values injected by name for the reference comparisons. */
  weights: Record<string, NumTensor>;
  /** One stack per depth, each applied to its own batch x [N, H]. */
  stacks: { label: string; depth: number; x: NumTensor }[];
  /** L = sum(dY ⊙ forward(x)) for a stack of this depth. */
  grad: { depth: number; x: NumTensor; dY: NumTensor };
}

interface Grads {
  W: tf.Tensor;
  b: tf.Tensor;
}
interface Stack {
  weights(): Record<string, tf.Variable>;
  forward(x: tf.Tensor2D): tf.Tensor2D;
  gradients(x: tf.Tensor2D, dY: tf.Tensor2D): { total: Grads; perLayer: Grads[] };
}

export const requiredExports = ['createSharedStack'];

const t2 = (t: NumTensor) => tf.tensor2d(t.data, t.shape as [number, number]);

const build = (learner: unknown, width: number, depth: number): Stack => construct<Stack>(learner, 'createSharedStack', { width, depth }, ['weights', 'forward', 'gradients']);

export const probes = {
  /** Declared weights of stacks of two depths. */
  declared(learner: unknown, plan: Plan) {
    return plan.stacks.map(({ label, depth, x }) => {
      const m = build(learner, plan.width, depth);
      m.forward(t2(x));
      return { label, weights: declaredWeights(m) };
    });
  },
  /** forward(x) with the grader's weights, for both depths. */
  injected(learner: unknown, plan: Plan) {
    return plan.stacks.map(({ label, depth, x }) => {
      const m = build(learner, plan.width, depth);
      injectWeights(m, plan.weights);
      return { label, y: fromTensor(m.forward(t2(x)), 'forward(x)') };
    });
  },
  /** Your gradients(x, dY): the total and the per-layer contributions. */
  manualGrad(learner: unknown, plan: Plan) {
    const m = build(learner, plan.width, plan.grad.depth);
    injectWeights(m, plan.weights);
    const out = m.gradients(t2(plan.grad.x), t2(plan.grad.dY));
    if (typeof out !== 'object' || out === null || !Array.isArray(out.perLayer)) throw new Error('gradients() must return { total: { W, b }, perLayer: [{ W, b }, ...] }');
    return { total: tensorRecord(out.total, 'gradients().total'), perLayer: out.perLayer.map((p, i) => tensorRecord(p, `gradients().perLayer[${i}]`)) };
  },
  /** tf.variableGrads of L through your own forward(). */
  autodiffGrad(learner: unknown, plan: Plan) {
    const m = build(learner, plan.width, plan.grad.depth);
    injectWeights(m, plan.weights);
    return variableGradients(m, () => tf.sum(tf.mul(t2(plan.grad.dY), m.forward(t2(plan.grad.x)))));
  },
};
