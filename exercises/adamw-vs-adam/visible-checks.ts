// Visible checks for adamw-vs-adam: they run in the learner's browser on a public plan (and again on
// the server as part of the grade), so they use only the learner's own answers and closed forms.
import { z } from 'zod';
import { compareData, defineVisibleChecks, fmt, linePlot } from '@tyinglab/grader/checks';
import type { Plan } from './probes';

export const USES = [1, 4, 16];
/** Trend tolerances for the sharing experiment: over 200 seeds the L2 ratios stayed within ±15% of 1/√S. */
const L2_RATIO_RTOL = 0.25;
const ADAMW_RTOL = 0.05;

const finite = z.number();
/** Every tensor of a call, flattened; the probes refuse any other shape than w's. */
export const vecSchema = z.array(finite).max(4096);
const firstStepSchema = z.strictObject({ adamL2Step: vecSchema, adamWStep: vecSchema });
const decoupledSchema = z.strictObject({ withDecay: vecSchema, withoutDecay: vecSchema });
const purityRow = z.strictObject({ inputsIntact: z.boolean(), slotsIntact: z.boolean(), sameTwice: z.boolean(), leaked: z.number().int() });
const puritySchema = z.strictObject({ adamL2Step: purityRow, adamWStep: purityRow });

/** A value and the expected one, with as many digits as it takes to tell them apart. */
export function pair(a: number, b: number): [string, string] {
  for (let p = 3; p <= 9; p++) {
    const x = a.toPrecision(p);
    const y = b.toPrecision(p);
    if (x !== y) return [String(Number(x)), String(Number(y))];
  }
  return [String(a), String(b)];
}
export const sharingSchema = z.strictObject({ adamL2Step: z.array(finite).length(USES.length), adamWStep: z.array(finite).length(USES.length) });

const NAMES = { adamL2Step: 'adamL2Step', adamWStep: 'adamWStep' } as const;

/** "η 0.05, β₁ 0.7, β₂ 0.95, ε 0.003" for messages. */
const describe = (h: { lr: number; beta1: number; beta2: number; epsilon: number }) => `η ${fmt(h.lr)}, β₁ ${fmt(h.beta1)}, β₂ ${fmt(h.beta2)}, ε ${fmt(h.epsilon)}`;

export default defineVisibleChecks<Plan>({
  'first-step-size': (ctx) => {
    const got = ctx.learner('firstStep', firstStepSchema);
    const { w, grad, hyper } = ctx.plan.firstStep;
    const n = w.length;
    // From zero moments, bias correction makes m̂ = g and v̂ = g²: every weight moves by η·|g|/(|g| + ε).
    const expected = w.map((wi, i) => wi - (hyper.lr * grad[i]!) / (Math.abs(grad[i]!) + hyper.epsilon));
    const bad: string[] = [];
    const hints = new Set<string>();
    for (const fn of ['adamL2Step', 'adamWStep'] as const) {
      if (got[fn].length !== n) {
        bad.push(`${NAMES[fn]} returned ${got[fn].length} values for ${n} weights`);
        continue;
      }
      const cmp = compareData(got[fn], expected, [n], ctx.tolerance);
      if (!cmp.passed) {
        const i = cmp.worst?.[0] ?? 0;
        const g = Math.abs(grad[i]!);
        const [moved, should] = pair(Math.abs(got[fn][i]! - w[i]!), (hyper.lr * g) / (g + hyper.epsilon));
        bad.push(`${NAMES[fn]} moved w[${i}] (|g| = ${fmt(g)}) by ${moved} instead of η·|g|/(|g| + ε) = ${should}`);
        // Recognise the classic slips from the whole vector.
        const close = (f: (g: number) => number) => compareData(got[fn], w.map((wi, k) => wi - Math.sign(grad[k]!) * hyper.lr * f(Math.abs(grad[k]!))), [n], ctx.tolerance).passed;
        if (close((a) => a / Math.sqrt(a * a + hyper.epsilon))) hints.add('Your ε sits inside the square root: the denominator is √v̂ + ε, not √(v̂ + ε).');
        else if (close((a) => ((1 - hyper.beta1) * a) / (Math.sqrt(1 - hyper.beta2) * a + hyper.epsilon))) hints.add('Your step skips bias correction: divide m by 1 − β₁ᵗ and v by 1 − β₂ᵗ (t = 1 on the first step).');
      }
    }
    if (bad.length) {
      return {
        passed: false,
        message:
          `First step from zero moments (t = 1, λ = 0, ${describe(hyper)}): ${bad.join('; ')}. With bias correction m̂ = g and v̂ = g², so the first step is η·g/(|g| + ε), with ε outside the square root.` +
          `${hints.size ? ` ${[...hints].join(' ')}` : ' Did you divide m and v by 1 − β₁ᵗ and 1 − β₂ᵗ (with t = 1 on the first step), and use the β₁, β₂, ε you were given?'}`,
        fraction: 1 - bad.length / 2,
      };
    }
    return { passed: true, message: `Both first steps move every weight by η·|g|/(|g| + ε) (${describe(hyper)}), as bias correction requires.` };
  },

  'decoupled-decay': (ctx) => {
    const { withDecay, withoutDecay } = ctx.learner('decoupled', decoupledSchema);
    const { w, hyper } = ctx.plan.decoupled;
    // AdamW: the decay is not part of the adaptive step, so switching it on changes w' by exactly −η·λ·w.
    if (withDecay.length !== w.length || withoutDecay.length !== w.length) return { passed: false, message: `adamWStep returned ${withDecay.length} values for ${w.length} weights.` };
    const diff = withDecay.map((x, i) => x - withoutDecay[i]!);
    const expected = w.map((wi) => -hyper.lr * hyper.weightDecay * wi);
    // float32 weights of size ≤ 3 lose about 2e-7 each; the mistakes (decay divided by √v̂ + ε, or
    // not multiplied by η with η ≤ 0.1) change the difference by a factor, far beyond 1e-3.
    const cmp = compareData(diff, expected, [w.length], { atol: 1e-6, rtol: 1e-3 });
    const details = { maxAbsErr: cmp.maxAbsErr };
    if (!cmp.passed) {
      const i = cmp.worst?.[0] ?? 0;
      const ratio = cmp.worstActual / cmp.worstExpected;
      return {
        passed: false,
        message:
          `Turning AdamW's decay on (λ = ${fmt(hyper.weightDecay)}, η = ${fmt(hyper.lr)}) changed w[${i}] by ${pair(cmp.worstActual, cmp.worstExpected)[0]}, but decoupled decay must change it by exactly −η·λ·w = ${pair(cmp.worstActual, cmp.worstExpected)[1]} ` +
          `(ratio ${fmt(ratio)}), whatever the gradient and the moments are. ` +
          'If the decay went into the gradient it is rescaled by 1/√v̂ (that is Adam + L2); if it is missing the factor η, it is too large by 1/η.',
        details,
      };
    }
    return { passed: true, message: `Switching AdamW's decay on changes w by exactly −η·λ·w (max deviation ${fmt(cmp.maxAbsErr)}), independent of the adaptive step.`, details };
  },

  pure: (ctx) => {
    const got = ctx.learner('purity', puritySchema);
    const problems: string[] = [];
    for (const fn of ['adamL2Step', 'adamWStep'] as const) {
      const r = got[fn];
      if (!r.inputsIntact) problems.push(`${NAMES[fn]} disposed or changed a tensor it was given (w, grad, m or v)`);
      if (!r.slotsIntact) problems.push(`${NAMES[fn]} replaced m or v inside the slots object it was given`);
      if (!r.sameTwice) problems.push(`${NAMES[fn]} returned something else when called a second time with the very same inputs`);
      if (r.leaked > 0) problems.push(`each call of ${NAMES[fn]} leaves ${r.leaked} tensor${r.leaked > 1 ? 's' : ''} behind besides the three it returns`);
    }
    if (problems.length) {
      return {
        passed: false,
        message:
          `${problems.join('; ')}. Both functions must be pure: the caller still owns w, grad and the slots (an optimizer keeps using them, and may retry a step), ` +
          'so return new tensors, never dispose, assign or replace what you were given, and wrap the computation in tf.tidy.',
      };
    }
    return { passed: true, message: 'Both functions leave their inputs and the slots object untouched, give the same result twice, and leave no tensors behind.' };
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
