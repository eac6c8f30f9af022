// Trusted checks for adamw-vs-adam (checker zone). The plan is built here from the per-run RNG;
// the learner's answers are validated and compared with closed forms and the reference solution.
import { z } from 'zod';
import { compareData, defineChecks, describeOptimizer, fmt, optimizerStep, referenceOptimizerSteps, type Rng } from '@tyinglab/grader';
import type { Hyper, Plan } from './probes';

const N = 6;
const STEPS = 5;
const USES = [1, 4, 16];
/** Trend tolerances for the sharing experiment: over 200 seeds the L2 ratios stayed within ±15% of 1/√S. */
const L2_RATIO_RTOL = 0.25;
const ADAMW_RTOL = 0.05;
/** The two measured numbers are averages of float32 differences: compare them with a loose relative tolerance. */
const SHARING_TOL = { atol: 1e-3, rtol: 1e-2 };

const finite = z.number();
const vecSchema = z.array(finite).length(N);
const firstStepSchema = z.strictObject({ adamL2Step: vecSchema, adamWStep: vecSchema });
const decoupledSchema = z.strictObject({ withDecay: vecSchema, withoutDecay: vecSchema });
const stateSchema = z.strictObject({ w: vecSchema, m: vecSchema, v: vecSchema });
const trajectorySchema = z.strictObject({ adamL2Step: z.array(stateSchema).length(STEPS), adamWStep: z.array(stateSchema).length(STEPS) });
const sharingSchema = z.strictObject({ adamL2Step: z.array(finite).length(USES.length), adamWStep: z.array(finite).length(USES.length) });

const hyperOf = (rng: Rng, weightDecay: number): Hyper => ({ lr: rng.uniform(0.02, 0.08), beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay });
/** Gradient entries bounded away from 0 so that |g| ≫ ε. */
const gradient = (rng: Rng) => Array.from({ length: N }, () => (rng.next() < 0.5 ? -1 : 1) * (0.2 + Math.abs(rng.normal())));

const NAMES = { adamL2Step: 'adamL2Step', adamWStep: 'adamWStep' } as const;

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
    'first-step-size': (ctx) => {
      const got = ctx.learner('firstStep', firstStepSchema);
      const { w, grad, hyper } = ctx.plan.firstStep;
      // From zero moments, bias correction makes m̂ = g and v̂ = g²: every weight moves by ≈ η·sign(g).
      const expected = w.map((wi, i) => wi - (hyper.lr * grad[i]!) / (Math.abs(grad[i]!) + hyper.epsilon));
      const bad: string[] = [];
      for (const fn of ['adamL2Step', 'adamWStep'] as const) {
        const cmp = compareData(got[fn], expected, [N], ctx.tolerance);
        if (!cmp.passed) {
          const i = cmp.worst?.[0] ?? 0;
          const moved = Math.abs(got[fn][i]! - w[i]!);
          bad.push(`${NAMES[fn]} moved w[${i}] by ${fmt(moved)} instead of η = ${fmt(hyper.lr)}`);
        }
      }
      if (bad.length) {
        return {
          passed: false,
          message: `First step from zero moments (t = 1, λ = 0): ${bad.join('; ')}. With bias correction m̂ = g and v̂ = g², so the first step is η·g/(|g| + ε) ≈ η·sign(g). Did you divide m and v by 1 − β₁ᵗ and 1 − β₂ᵗ (with t = 1 on the first step)?`,
          fraction: 1 - bad.length / 2,
        };
      }
      return { passed: true, message: `Both first steps move every weight by η·g/(|g| + ε) ≈ ${fmt(hyper.lr)}·sign(g), as bias correction requires.` };
    },

    'decoupled-decay': (ctx) => {
      const { withDecay, withoutDecay } = ctx.learner('decoupled', decoupledSchema);
      const { w, hyper } = ctx.plan.decoupled;
      // AdamW: the decay is not part of the adaptive step, so switching it on changes w' by exactly −η·λ·w.
      const diff = withDecay.map((x, i) => x - withoutDecay[i]!);
      const expected = w.map((wi) => -hyper.lr * hyper.weightDecay * wi);
      const cmp = compareData(diff, expected, [N], { atol: 1e-6, rtol: 1e-3 });
      const details = { maxAbsErr: cmp.maxAbsErr };
      if (!cmp.passed) {
        const i = cmp.worst?.[0] ?? 0;
        const ratio = cmp.worstActual / cmp.worstExpected;
        return {
          passed: false,
          message:
            `Turning AdamW's decay on changed w[${i}] by ${fmt(cmp.worstActual)}, but decoupled decay must change it by exactly −η·λ·w = ${fmt(cmp.worstExpected)} ` +
            `(ratio ${fmt(ratio)}), whatever the gradient and the moments are. ` +
            'If the decay went into the gradient it is rescaled by 1/√v̂ (that is Adam + L2); if it is missing the factor η, it is too large by 1/η.',
          details,
        };
      }
      return { passed: true, message: `Switching AdamW's decay on changes w by exactly −η·λ·w (max deviation ${fmt(cmp.maxAbsErr)}), independent of the adaptive step.`, details };
    },

    'adam-l2-update': (ctx) => {
      const mine = ctx.learner('trajectory', trajectorySchema);
      const ref = ctx.reference('trajectory', trajectorySchema);
      return optimizerStep({
        learner: asWeights(mine.adamL2Step),
        reference: asWeights(ref.adamL2Step),
        tolerance: ctx.tolerance,
        optimizer: `adamL2Step, ${optimizerName(ctx.plan, 'adam')},`,
        alternatives: [
          {
            label: 'decoupled decay',
            weights: otherRule(ctx.plan, 'adamw'),
            hint: 'Your weights follow AdamW (decoupled decay). In Adam + L2 the term λ·w is added to the gradient BEFORE m and v are updated, so it is normalised like the gradient.',
          },
        ],
      });
    },

    'adamw-update': (ctx) => {
      const mine = ctx.learner('trajectory', trajectorySchema);
      const ref = ctx.reference('trajectory', trajectorySchema);
      return optimizerStep({
        learner: asWeights(mine.adamWStep),
        reference: asWeights(ref.adamWStep),
        tolerance: ctx.tolerance,
        optimizer: `adamWStep, ${optimizerName(ctx.plan, 'adamw')},`,
        alternatives: [
          {
            label: 'L2 decay',
            weights: otherRule(ctx.plan, 'adam'),
            hint: 'Your weights follow Adam + L2: the decay went into the gradient and through m̂/(√v̂ + ε). AdamW keeps the moments on the raw gradient and subtracts η·λ·w from the weights directly.',
          },
        ],
      });
    },

    'sharing-trend': (ctx) => {
      const got = ctx.learner('sharing', sharingSchema);
      const l2 = got.adamL2Step;
      const aw = got.adamWStep;
      const details = { uses: USES, adamL2: l2, adamW: aw, plot: { kind: 'line', x: USES, xLabel: 'uses S', yLabel: 'effective decay / (η·λ)', series: [{ name: 'Adam + L2', y: l2 }, { name: 'AdamW', y: aw }] } };
      const table = USES.map((S, i) => `S=${S}: L2 ${fmt(l2[i]!)}, AdamW ${fmt(aw[i]!)}`).join('; ');
      const problems: string[] = [];
      aw.forEach((r, i) => {
        if (Math.abs(r - 1) > ADAMW_RTOL) problems.push(`AdamW's effective decay at S=${USES[i]} is ${fmt(r)}, expected ≈ 1 (the nominal η·λ) for every S`);
      });
      const base = l2[0]!;
      USES.forEach((S, i) => {
        if (i === 0) return;
        if (!(Math.abs(base) > 1e-3)) {
          if (i === 1) problems.push(`Adam + L2 shows no decay at all at S=1 (${fmt(base)}); is λ·w added to the gradient?`);
          return;
        }
        const ratio = l2[i]! / base;
        const theory = 1 / Math.sqrt(S);
        if (!(Math.abs(ratio - theory) <= L2_RATIO_RTOL * theory)) {
          problems.push(`Adam + L2 at S=${S} decays ${fmt(ratio)}× as fast as at S=1, expected ≈ 1/√${S} = ${fmt(theory)}`);
        }
      });
      if (problems.length) {
        return { passed: false, message: `Sharing experiment (${table}): ${problems.join('; ')}.`, details, fraction: 0 };
      }
      return {
        passed: true,
        message: `Sharing experiment (${table}): with L2 the decay shrinks like 1/√S because v̂ grows with the summed gradient noise; AdamW keeps the nominal η·λ.`,
        details,
      };
    },

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
