// Public glue: how the grader builds, calls and differentiates your Siamese model. Runs inside the
// sandbox (and in the browser for visible checks). It only sees the plan, never the seed.
import * as tf from '@tensorflow/tfjs';
import { construct, declaredWeights, fromTensor, injectWeights, tensorRecord, variableGradients, type NumTensor } from '@tyinglab/grader/probe-kit';

export interface Plan {
  args: { inputSize: number; hiddenSize: number; embedSize: number };
  /** Weight values injected by name for the reference comparisons. */
  weights: Record<string, NumTensor>;
  /** Pairs (a, b), [N, D] each, for two batch sizes. */
  pairs: { label: string; a: NumTensor; b: NumTensor }[];
  /** A batch of pairs for the symmetry check (your own initial weights). */
  swap: { a: NumTensor; b: NumTensor };
  /** L = sum(dD ⊙ distance(a, b)); towerBackward is probed with upstream gradient gE on embed(a). */
  grad: { a: NumTensor; b: NumTensor; dD: NumTensor; gE: NumTensor };
}

interface Model {
  weights(): Record<string, tf.Variable>;
  embed(x: tf.Tensor2D): tf.Tensor2D;
  distance(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D;
  towerBackward(x: tf.Tensor2D, gE: tf.Tensor2D): Record<string, tf.Tensor>;
  gradients(a: tf.Tensor2D, b: tf.Tensor2D, dD: tf.Tensor1D): Record<string, tf.Tensor>;
}

export const requiredExports = ['createSiamese'];

const t2 = (t: NumTensor) => tf.tensor2d(t.data, t.shape as [number, number]);
const t1 = (t: NumTensor) => tf.tensor1d(t.data);

const build = (learner: unknown, plan: Plan): Model =>
  construct<Model>(learner, 'createSiamese', { ...plan.args }, ['weights', 'embed', 'distance', 'towerBackward', 'gradients']);

export const probes = {
  /** Declared weights after comparing pairs at two batch sizes. */
  declared(learner: unknown, plan: Plan) {
    const m = build(learner, plan);
    return plan.pairs.map(({ label, a, b }) => {
      m.distance(t2(a), t2(b));
      return { label, weights: declaredWeights(m) };
    });
  },
  /** embed(a) and distance(a, b) with the grader's weights. */
  injected(learner: unknown, plan: Plan) {
    const m = build(learner, plan);
    injectWeights(m, plan.weights);
    return plan.pairs.map(({ label, a, b }) => ({
      label,
      embedding: fromTensor(m.embed(t2(a)), 'embed(a)'),
      distance: fromTensor(m.distance(t2(a), t2(b)), 'distance(a, b)'),
    }));
  },
  /** distance(a, b) and distance(b, a) with your own initial weights. */
  swap(learner: unknown, plan: Plan) {
    const m = build(learner, plan);
    const { a, b } = plan.swap;
    return { ab: fromTensor(m.distance(t2(a), t2(b)), 'distance(a, b)'), ba: fromTensor(m.distance(t2(b), t2(a)), 'distance(b, a)') };
  },
  /** Your gradients(a, b, dD) and towerBackward(a, gE). */
  manualGrad(learner: unknown, plan: Plan) {
    const m = build(learner, plan);
    injectWeights(m, plan.weights);
    const g = plan.grad;
    return {
      total: tensorRecord(m.gradients(t2(g.a), t2(g.b), t1(g.dD)), 'gradients()'),
      tower: tensorRecord(m.towerBackward(t2(g.a), t2(g.gE)), 'towerBackward()'),
    };
  },
  /** The same gradients by autodiff through your own distance() and embed(). */
  autodiffGrad(learner: unknown, plan: Plan) {
    const m = build(learner, plan);
    injectWeights(m, plan.weights);
    const g = plan.grad;
    return {
      total: variableGradients(m, () => tf.sum(tf.mul(t1(g.dD), m.distance(t2(g.a), t2(g.b))))),
      tower: variableGradients(m, () => tf.sum(tf.mul(t2(g.gE), m.embed(t2(g.a))))),
    };
  },
};
