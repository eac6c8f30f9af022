// Trusted checks for adamw-vs-adam (checker zone). The plan is built here from the per-run RNG;
// the learner's answers are validated and compared with closed forms and the reference solution.
// The visible checks live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import { z } from 'zod';
import { compareData, defineChecks, describeOptimizer, fmt, optimizerStep, referenceOptimizerSteps, type CheckFn, type Rng } from '@tyinglab/grader/checks';
import type { Hyper, Plan } from './probes';
import visibleChecks, { USES, sharingSchema, vecSchema } from './visible-checks';

const STEPS = 5;
/** The two measured numbers are averages of float32 differences: compare them with a loose relative tolerance. */
const SHARING_TOL = { atol: 1e-3, rtol: 1e-2 };

const stateSchema = z.strictObject({ w: vecSchema, m: vecSchema, v: vecSchema });
const trajectorySchema = z.strictObject({ adamL2Step: z.array(stateSchema).length(STEPS), adamWStep: z.array(stateSchema).length(STEPS) });

/**
 * Hyper-parameters drawn per check, away from the usual defaults so that hard-coded ones show:
 * η in [0.01, 0.1], β₁ in [0.5, 0.85], β₂ in [0.9, 0.99], ε log-uniform in [3·10⁻⁴, 3·10⁻²] —
 * large enough next to the small gradient entries that √v̂ + ε and √(v̂ + ε) differ visibly.
 */
function hyperOf(rng: Rng, weightDecay: number): Hyper {
  return { lr: rng.uniform(0.01, 0.1), beta1: rng.uniform(0.5, 0.85), beta2: rng.uniform(0.9, 0.99), epsilon: 10 ** rng.uniform(-3.5, -1.5), weightDecay };
}

/**
 * Gradient entries with magnitudes log-uniform in [0.01, 2] (random signs); the first entry has
 * |g| ≈ √ε, where ε inside the square root changes the step the most.
 */
function gradient(rng: Rng, n: number, epsilon: number): number[] {
  const g = Array.from({ length: n }, () => (rng.next() < 0.5 ? -1 : 1) * 10 ** rng.uniform(-2, 0.3));
  g[0] = Math.sign(g[0]!) * Math.sqrt(epsilon) * rng.uniform(0.5, 2);
  return g;
}

/** A shape of rank 1 to 3 with `min` to 64 entries: the functions are elementwise on any shape. */
function shapeOf(rng: Rng, min: number): number[] {
  for (;;) {
    const shape = Array.from({ length: rng.int(1, 3) }, () => rng.int(1, 4));
    if (shape.reduce((a, b) => a * b, 1) >= min) return shape;
  }
}
const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

type State = { w: number[]; m: number[]; v: number[] };
const asWeights = (states: State[], n: number) =>
  states.map((s) => ({ m: { shape: [n], data: s.m }, v: { shape: [n], data: s.v }, w: { shape: [n], data: s.w } }));

/** Float64 trajectories of w for the other rule, to recognise the classic mix-up in the message. */
function otherRule(plan: Plan, kind: 'adam' | 'adamw') {
  const { w0, grads, hyper } = plan.trajectory;
  const config = { kind, lr: hyper.lr, beta1: hyper.beta1, beta2: hyper.beta2, eps: hyper.epsilon, weightDecay: hyper.weightDecay } as const;
  const n = w0.length;
  return referenceOptimizerSteps(config, { w: { shape: [n], data: w0 } }, grads.map((g) => ({ w: { shape: [n], data: g } })));
}

const optimizerName = (plan: Plan, kind: 'adam' | 'adamw') => {
  const h = plan.trajectory.hyper;
  return describeOptimizer({ kind, lr: h.lr, beta1: h.beta1, beta2: h.beta2, eps: h.epsilon, weightDecay: h.weightDecay }).replace(/^Adam \(/, 'Adam + L2 (');
};

/**
 * One update rule against the reference, step by step over the trajectory. The other rule's
 * weights are passed as an alternative, so the classic mix-up is named in the message.
 */
function updateCheck(fn: 'adamL2Step' | 'adamWStep', kind: 'adam' | 'adamw', mixUp: { label: string; hint: string }): CheckFn<Plan> {
  return (ctx) => {
    const mine = ctx.learner('trajectory', trajectorySchema);
    const ref = ctx.reference('trajectory', trajectorySchema);
    const n = ctx.plan.trajectory.w0.length;
    return optimizerStep({
      learner: asWeights(mine[fn], n),
      reference: asWeights(ref[fn], n),
      tolerance: ctx.tolerance,
      optimizer: `${fn}, ${optimizerName(ctx.plan, kind)},`,
      alternatives: [{ ...mixUp, weights: otherRule(ctx.plan, kind === 'adam' ? 'adamw' : 'adam') }],
    });
  };
}

export default defineChecks<Plan>({
  makePlan(rng) {
    const decay = rng.uniform(0.02, 0.3);
    // The first step tells bias correction apart only when (1 − β₁)/√(1 − β₂), the factor a step
    // without it is off by, is not close to 1.
    let first = hyperOf(rng, 0);
    while (Math.abs((1 - first.beta1) / Math.sqrt(1 - first.beta2) - 1) < 0.25) first = hyperOf(rng, 0);
    const firstShape = shapeOf(rng, 4);
    /** A mid-training state: moments consistent with past gradients (v ≥ m² in expectation). */
    const midState = (shape: number[], hyper: Hyper) => {
      const n = sizeOf(shape);
      const m = Array.from({ length: n }, () => rng.normal(0, 0.3));
      return { shape, w: rng.normals(n), grad: gradient(rng, n, hyper.epsilon), m, v: m.map((x) => x * x + rng.uniform(0.05, 0.5)), step: rng.int(2, 6), hyper };
    };
    const trajectoryShape = shapeOf(rng, 4);
    const trajectoryHyper = hyperOf(rng, decay);
    return {
      firstStep: { shape: firstShape, w: rng.normals(sizeOf(firstShape)), grad: gradient(rng, sizeOf(firstShape), first.epsilon), hyper: first },
      decoupled: midState(shapeOf(rng, 1), hyperOf(rng, decay)),
      trajectory: {
        shape: trajectoryShape,
        w0: rng.normals(sizeOf(trajectoryShape)),
        grads: Array.from({ length: STEPS }, () => gradient(rng, sizeOf(trajectoryShape), trajectoryHyper.epsilon)),
        hyper: trajectoryHyper,
      },
      // The smallest tensors the statement allows are welcome here: one weight.
      purity: midState(rng.next() < 0.5 ? [1] : shapeOf(rng, 1), hyperOf(rng, decay)),
      sharing: {
        uses: USES,
        dim: 256,
        steps: 20,
        noiseSeed: rng.int(1, 2 ** 31),
        hyper: { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.1 },
      },
    };
  },
  checks: {
    ...visibleChecks,

    'adam-l2-update': updateCheck('adamL2Step', 'adam', {
      label: 'decoupled decay',
      hint: 'Your weights follow AdamW (decoupled decay). In Adam + L2 the term λ·w is added to the gradient BEFORE m and v are updated, so it is normalised like the gradient.',
    }),

    'adamw-update': updateCheck('adamWStep', 'adamw', {
      label: 'L2 decay',
      hint: 'Your weights follow Adam + L2: the decay went into the gradient and through m̂/(√v̂ + ε). AdamW keeps the moments on the raw gradient and subtracts η·λ·w from the weights directly.',
    }),

    'sharing-matches-reference': (ctx) => {
      const mine = ctx.learner('sharing', sharingSchema);
      const ref = ctx.reference('sharing', sharingSchema);
      const bad: string[] = [];
      for (const fn of ['adamL2Step', 'adamWStep'] as const) {
        const cmp = compareData(mine[fn], ref[fn], [USES.length], SHARING_TOL);
        if (!cmp.passed) bad.push(`${fn} at S=${USES[cmp.worst?.[0] ?? 0]}: ${fmt(cmp.worstActual)} vs reference ${fmt(cmp.worstExpected)}`);
      }
      if (bad.length) return { passed: false, message: `Measured effective decay differs from the reference on the same noise: ${bad.join('; ')}.`, fraction: 0 };
      return { passed: true, message: `Measured effective decays match the reference (tolerance ${fmt(SHARING_TOL.rtol * 100)}%).` };
    },
  },
});
