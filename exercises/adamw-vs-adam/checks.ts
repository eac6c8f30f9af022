// Trusted checks for adamw-vs-adam (checker zone). The plan is built here from the per-run RNG;
// the learner's answers are validated and compared with closed forms and the reference solution.
// The visible checks live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import { z } from 'zod';
import { compareData, defineChecks, describeOptimizer, fmt, optimizerStep, referenceOptimizerSteps, type CheckFn, type Rng } from '@tyinglab/grader/checks';
import type { Hyper, Plan } from './probes';
import visibleChecks, { N, USES, sharingSchema, vecSchema } from './visible-checks';

const STEPS = 5;
/** The two measured numbers are averages of float32 differences: compare them with a loose relative tolerance. */
const SHARING_TOL = { atol: 1e-3, rtol: 1e-2 };

const stateSchema = z.strictObject({ w: vecSchema, m: vecSchema, v: vecSchema });
const trajectorySchema = z.strictObject({ adamL2Step: z.array(stateSchema).length(STEPS), adamWStep: z.array(stateSchema).length(STEPS) });

const hyperOf = (rng: Rng, weightDecay: number): Hyper => ({ lr: rng.uniform(0.02, 0.08), beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay });
/** Gradient entries bounded away from 0 so that |g| ≫ ε. */
const gradient = (rng: Rng) => Array.from({ length: N }, () => (rng.next() < 0.5 ? -1 : 1) * (0.2 + Math.abs(rng.normal())));

type State = { w: number[]; m: number[]; v: number[] };
const asWeights = (states: State[]) =>
  states.map((s) => ({ m: { shape: [N], data: s.m }, v: { shape: [N], data: s.v }, w: { shape: [N], data: s.w } }));

/** Float64 trajectories of w for the other rule, to recognise the classic mix-up in the message. */
function otherRule(plan: Plan, kind: 'adam' | 'adamw') {
  const { w0, grads, hyper } = plan.trajectory;
  const config = { kind, lr: hyper.lr, beta1: hyper.beta1, beta2: hyper.beta2, eps: hyper.epsilon, weightDecay: hyper.weightDecay } as const;
  return referenceOptimizerSteps(config, { w: { shape: [N], data: w0 } }, grads.map((g) => ({ w: { shape: [N], data: g } })));
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
    return optimizerStep({
      learner: asWeights(mine[fn]),
      reference: asWeights(ref[fn]),
      tolerance: ctx.tolerance,
      optimizer: `${fn}, ${optimizerName(ctx.plan, kind)},`,
      alternatives: [{ ...mixUp, weights: otherRule(ctx.plan, kind === 'adam' ? 'adamw' : 'adam') }],
    });
  };
}

export default defineChecks<Plan>({
  makePlan(rng) {
    const decay = rng.uniform(0.05, 0.2);
    const m = Array.from({ length: N }, () => rng.normal(0, 0.3));
    return {
      firstStep: { w: rng.normals(N), grad: gradient(rng), hyper: hyperOf(rng, 0) },
      decoupled: {
        w: rng.normals(N),
        grad: gradient(rng),
        m,
        v: m.map((x) => x * x + rng.uniform(0.05, 0.5)),
        step: rng.int(2, 6),
        hyper: hyperOf(rng, decay),
      },
      trajectory: { w0: rng.normals(N), grads: Array.from({ length: STEPS }, () => gradient(rng)), hyper: hyperOf(rng, decay) },
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
