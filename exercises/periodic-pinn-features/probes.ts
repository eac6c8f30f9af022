// Public glue: how the grader builds and calls your periodic network and your penalty. Runs inside
// the sandbox (and in the browser for visible checks). It only sees the plan, never the seed.
import * as tf from '@tensorflow/tfjs';
import { applyTo, construct, declaredPerInput, fromTensor, injectedOutputs, type NumTensor } from '@tyinglab/grader/probe-kit';

export interface Plan {
  args: { period: number; hidden: number };
  /** Point sets of two sizes (shape [n, 1]) used while listing the weights. */
  sizes: NumTensor[];
  /** Points x and x + L (computed in float64, shape [n, 1]). */
  periodic: { x: NumTensor; xPlusL: NumTensor };
  /** Weights injected by name for the reference comparison, and where to evaluate. */
  injected: { weights: Record<string, NumTensor>; x: NumTensor };
  /** A NON-periodic test function u(x) = p₀ + p₁x + p₂x² + p₃x³ (coeffs = [p₀, p₁, p₂, p₃]), and the penalty weight μ. */
  penalty: { coeffs: number[]; weight: number };
}

interface Mlp {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor2D): tf.Tensor2D;
}
type Learner = {
  boundaryPenalty: (u: (x: tf.Tensor2D) => tf.Tensor2D, period: number, weight: number) => tf.Scalar;
};

export const requiredExports = ['createPeriodicMlp', 'boundaryPenalty'];

const build = (learner: unknown, plan: Plan): Mlp => construct<Mlp>(learner, 'createPeriodicMlp', { ...plan.args }, ['weights', 'apply']);

function penaltyOf(learner: unknown, u: (x: tf.Tensor2D) => tf.Tensor2D, plan: Plan): number {
  const p = (learner as Learner).boundaryPenalty(u, plan.args.period, plan.penalty.weight);
  const v = fromTensor(p, 'boundaryPenalty');
  if (v.data.length !== 1) throw new Error(`boundaryPenalty must return a scalar, got shape [${v.shape.join(', ')}]`);
  return v.data[0]!;
}

export const probes = {
  /** Declared weights after applying the network to point sets of two sizes. */
  declared: (learner: unknown, plan: Plan) => declaredPerInput(build(learner, plan), plan.sizes.map((x) => ({ label: `${x.shape[0]} points`, x }))),
  /** u(x), u(x + L), u(0), u(L) with the network's OWN initial weights. */
  periodic(learner: unknown, plan: Plan) {
    const mlp = build(learner, plan);
    const ends = applyTo(mlp, { shape: [2, 1], data: [0, plan.args.period] });
    return { u: applyTo(mlp, plan.periodic.x), uShifted: applyTo(mlp, plan.periodic.xPlusL), u0: ends.data[0]!, uL: ends.data[1]! };
  },
  /** Outputs with the grader's weights injected. */
  injected: (learner: unknown, plan: Plan) =>
    injectedOutputs(build(learner, plan), plan.injected.weights, [{ label: `${plan.injected.x.shape[0]} points in [−L, 2L]`, x: plan.injected.x }]),
  /** Your penalty for the plan's non-periodic test function and for your own periodic network. */
  penalty(learner: unknown, plan: Plan) {
    const [p0, p1, p2, p3] = plan.penalty.coeffs as [number, number, number, number];
    // Horner: ((p₃x + p₂)x + p₁)x + p₀.
    const raw = (x: tf.Tensor2D) => tf.add(tf.mul(tf.add(tf.mul(tf.add(tf.mul(x, p3), p2), x), p1), x), p0) as tf.Tensor2D;
    const mlp = build(learner, plan);
    return { nonPeriodic: penaltyOf(learner, raw, plan), periodicNet: penaltyOf(learner, (x) => mlp.apply(x), plan) };
  },
};
