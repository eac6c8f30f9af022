// Visible checks for adamw-vs-adam: they run in the learner's browser on a public plan (and again on
// the server as part of the grade), so they use only the learner's own answers and closed forms.
import { z } from 'zod';
import { compareData, defineVisibleChecks, fmt, linePlot } from '@tyinglab/grader/checks';
import type { Plan } from './probes';

export const N = 6;
export const USES = [1, 4, 16];
/** Trend tolerances for the sharing experiment: over 200 seeds the L2 ratios stayed within ±15% of 1/√S. */
const L2_RATIO_RTOL = 0.25;
const ADAMW_RTOL = 0.05;

const finite = z.number();
export const vecSchema = z.array(finite).length(N);
const firstStepSchema = z.strictObject({ adamL2Step: vecSchema, adamWStep: vecSchema });
const decoupledSchema = z.strictObject({ withDecay: vecSchema, withoutDecay: vecSchema });
export const sharingSchema = z.strictObject({ adamL2Step: z.array(finite).length(USES.length), adamWStep: z.array(finite).length(USES.length) });

const NAMES = { adamL2Step: 'adamL2Step', adamWStep: 'adamWStep' } as const;

export default defineVisibleChecks<Plan>({
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

  'sharing-trend': (ctx) => {
    const got = ctx.learner('sharing', sharingSchema);
    const l2 = got.adamL2Step;
    const aw = got.adamWStep;
    const details = { uses: USES, adamL2: l2, adamW: aw };
    // The learner's measurements (solid) against what the statement predicts (dashed): L2's decay
    // shrinks like 1/√S from its S = 1 value, AdamW's stays at the nominal η·λ.
    const plots = [
      linePlot({
        title: 'Effective weight decay as the weight is shared by more uses',
        xLabel: 'uses S of the shared weight',
        yLabel: 'effective decay ÷ (η·λ)',
        x: USES,
        series: [
          { name: 'Adam + L2 (yours)', values: l2, style: 'solid' },
          { name: 'AdamW (yours)', values: aw, style: 'solid' },
          { name: 'Adam + L2, expected ∝ 1/√S', values: USES.map((S) => (l2[0] ?? 0) / Math.sqrt(S)), style: 'dashed' },
          { name: 'AdamW, expected', values: USES.map(() => 1), style: 'dashed' },
        ],
      }),
    ];
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
      return { passed: false, message: `Sharing experiment (${table}): ${problems.join('; ')}.`, details, plots, fraction: 0 };
    }
    return {
      passed: true,
      message: `Sharing experiment (${table}): with L2 the decay shrinks like 1/√S because v̂ grows with the summed gradient noise; AdamW keeps the nominal η·λ.`,
      details,
      plots,
    };
  },
});
