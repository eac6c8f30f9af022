// Visible checks for rnn-tied-bptt: they run in the learner's browser on a public plan (and again
// on the server as part of the grade, on a plan with other sizes), so they use only the learner's
// own answers and public formulas of the plan's sizes.
import { z } from 'zod';
import {
  autodiffUseSchema,
  compareData,
  declaredVariables,
  defineVisibleChecks,
  fmt,
  gradientReachSchema,
  gradientRecordSchema,
  gradients,
  noAutodiff,
  noLeaksCheck,
  paramCountCheck,
  variableContractSchema,
  weightsReached,
  type CheckOutcome,
  type NumTensor,
  type WeightSpec,
} from '@tyinglab/grader/checks';
import type { Plan, RnnArgs } from './probes';

/**
 * Central differences in float32: truncation O(ε²)·|L'''| plus the rounding of L (a sum of up to a
 * few hundred terms of size ~1, so ~1e-5) divided by 2ε = 0.02, i.e. ~5e-4. A missing step's
 * contribution, the smallest mistake this must see, is of order |h_{t-1}|·|δ_t| ≳ 0.1.
 */
const FD_TOL = { atol: 3e-3, rtol: 2e-2 };

export const expectedWeights = ({ inputSize: D, hiddenSize: H }: RnnArgs): WeightSpec[] => [
  { name: 'Wxh', shape: [D, H] },
  { name: 'Whh', shape: [H, H] },
  { name: 'b', shape: [H] },
];
const formula = ({ inputSize: D, hiddenSize: H }: RnnArgs) => `D·H + H·H + H = ${D}·${H} + ${H}·${H} + ${H}`;

const fdSchema = z.array(z.number()).max(64);
export const gradCasesSchema = z.strictObject({
  use: autodiffUseSchema,
  cases: z.array(z.strictObject({ label: z.string().max(200), grads: gradientRecordSchema })).max(8),
});

export const BPTT_HINT =
  'Walk t from the last step back to the first: add dH_t to the gradient carried from step t+1, multiply by 1 − h_t², ' +
  'add h_{t−1}ᵀδ_t to ∂W_hh (h_0 at the first step), x_tᵀδ_t to ∂W_xh and the row sum of δ_t to ∂b, then carry δ_t W_hhᵀ back.';

/** The hand-written backward() may not ask tfjs for a gradient: null when it did not. */
export function autodiffInBackward(answer: z.infer<typeof gradCasesSchema>): CheckOutcome | null {
  if (!answer.use.autodiff && !answer.use.tampered) return null;
  const out = noAutodiff(answer.use, { what: 'backward()' });
  return { ...out, message: `${out.message} Backpropagation through time is the recursion of the statement; autodiff is what your backward() is compared with.` };
}

const variablesSchema = z.strictObject({ contract: variableContractSchema, reach: gradientReachSchema });

/**
 * Weights that autodiff through the learner's OWN forward() cannot reach (or reaches with an
 * all-zero gradient where the learner's backward() is not zero): forward() computes with a copy of
 * the variable, so the fault is there, not in backward().
 */
export function detachedInForward(manual: Record<string, NumTensor>, auto: Record<string, NumTensor>, names: string[]): string[] {
  return names.filter((n) => {
    const a = auto[n];
    if (!a) return true;
    const m = manual[n];
    return a.data.every((v) => v === 0) && !!m && m.data.some((v) => Math.abs(v) > 1e-6);
  });
}

export const forwardCopyMessage = (names: string[]): string =>
  `Autodiff (tf.variableGrads) through your own forward() gets no gradient for ${names.map((n) => `"${n}"`).join(', ')}: forward() computes with a copy of ` +
  "that variable's values (dataSync(), arraySync(), tf.tensor(…), a new tf.variable…), so no optimizer could train it. Your backward() may well be right; " +
  'forward() must compute with the variables weights() returns.';

/** The learner's manual gradient at a few coordinates vs central differences of their own forward. */
function finiteDifferences(manual: Record<string, NumTensor>, coords: [string, number][], fd: number[]): CheckOutcome {
  const actual = coords.map(([name, i]) => manual[name]?.data[i] ?? NaN);
  if (fd.length !== coords.length) return { passed: false, message: `Expected ${coords.length} finite differences, got ${fd.length}.` };
  const cmp = compareData(actual, fd, [coords.length], FD_TOL);
  const worst = cmp.worst?.[0] ?? 0;
  const [wName] = coords[worst]!;
  const details = { maxAbsErr: cmp.maxAbsErr, coordinates: coords.length };
  if (cmp.passed) return { passed: true, message: `agrees with central finite differences of your forward at ${coords.length} coordinates (max diff ${fmt(cmp.maxAbsErr)})`, details };
  return {
    passed: false,
    message: `disagrees with central finite differences of your forward (worst in ${wName}: ${fmt(cmp.worstActual)} vs ${fmt(cmp.worstExpected)}; ${fmt(cmp.fractionClose * 100)}% of ${coords.length} coordinates agree)`,
    details,
  };
}

export default defineVisibleChecks<Plan>({
  'param-count': paramCountCheck<Plan>({ expected: (plan) => expectedWeights(plan.args), formula: (plan) => formula(plan.args), independentOf: 'sequence length', owner: 'RNN' }),

  'gradient-self-consistent': (ctx) => {
    const manual = ctx.learner('manualGrad', gradCasesSchema);
    const autodiff = autodiffInBackward(manual);
    if (autodiff) return autodiff;
    const auto = ctx.learner('autodiffGrad', gradCasesSchema);
    const fd = ctx.learner('finiteDiff', fdSchema);
    const names = expectedWeights(ctx.plan.args).map((w) => w.name);
    const parts: string[] = [];
    const details: Record<string, unknown> = {};
    ctx.plan.grad.cases.forEach((c, i) => {
      const m = manual.cases[i]?.grads ?? {};
      const a = auto.cases[i]?.grads ?? {};
      // The forward pass first: without a gradient through it, backward() cannot be judged.
      const detached = detachedInForward(m, a, names);
      if (detached.length) {
        if (!parts.some((p) => p.startsWith('Autodiff'))) parts.push(forwardCopyMessage(detached));
        return;
      }
      const vsAuto = gradients({ actual: m, expected: a, tolerance: ctx.tolerance });
      details[c.label] = vsAuto.details;
      if (!vsAuto.passed) parts.push(`For ${c.label}, compared with tf.variableGrads through your own forward(): ${vsAuto.message.replace(/^Gradients differ from autodiff: /, '')}`);
    });
    const last = manual.cases[manual.cases.length - 1]?.grads ?? {};
    const vsFd = finiteDifferences(last, ctx.plan.grad.fdCoords, fd);
    details.finiteDifferences = vsFd.details;
    if (!parts.length && vsFd.passed) {
      return {
        passed: true,
        message: `Your backward() equals tf.variableGrads through your own forward() for Wxh, Whh and b (${ctx.plan.grad.cases.map((c) => c.label).join(', ')}) and ${vsFd.message}.`,
        details,
      };
    }
    if (!vsFd.passed && !parts.some((p) => p.startsWith('Autodiff'))) parts.push(`Your backward() ${vsFd.message}.`);
    const blamesForward = parts.length === 1 && parts[0]!.startsWith('Autodiff');
    return { passed: false, message: blamesForward ? parts[0]! : `${parts.join(' ')} ${BPTT_HINT}`, details };
  },

  // Gap 5: only declared weights are counted, set and trained, so an undeclared trainable variable
  // or a forward pass through copies of the declared ones is invisible to every numeric check.
  'weights-declared-and-used': (ctx) => {
    const { contract, reach } = ctx.learner('variables', variablesSchema);
    const declared = declaredVariables(contract, { owner: 'RNN' });
    return declared.passed ? weightsReached(reach, { owner: 'RNN', output: 'forward() states' }) : declared;
  },

  'no-leaked-tensors': noLeaksCheck<Plan>(),
});
