// Visible checks for rnn-tied-bptt: they run in the learner's browser on a public plan (and again
// on the server as part of the grade), so they use only the learner's own answers and public
// formulas.
import { z } from 'zod';
import { compareData, defineVisibleChecks, fmt, gradientRecordSchema, gradients, paramCountCheck, type CheckOutcome, type NumTensor } from '@tyinglab/grader/checks';
import type { Plan } from './probes';

export const D = 3;
export const H = 5;
// Central differences in float32: truncation O(ε²) plus rounding of L; loose on purpose.
const FD_TOL = { atol: 3e-3, rtol: 2e-2 };

export const expectedWeights = [
  { name: 'Wxh', shape: [D, H] },
  { name: 'Whh', shape: [H, H] },
  { name: 'b', shape: [H] },
];
const formula = `D·H + H·H + H = ${D}·${H} + ${H}·${H} + ${H}`;

const fdSchema = z.array(z.number()).max(64);

export const BPTT_HINT =
  'Walk t from the last step back to the first: add dH_t to the gradient carried from step t+1, multiply by 1 − h_t², ' +
  'add h_{t−1}ᵀδ_t to ∂W_hh (h_0 at the first step), x_tᵀδ_t to ∂W_xh and the row sum of δ_t to ∂b, then carry δ_t W_hhᵀ back.';

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
  'param-count': paramCountCheck({ expected: expectedWeights, formula, independentOf: 'sequence length', owner: 'RNN' }),

  'gradient-self-consistent': (ctx) => {
    const manual = ctx.learner('manualGrad', gradientRecordSchema);
    const auto = ctx.learner('autodiffGrad', gradientRecordSchema);
    const fd = ctx.learner('finiteDiff', fdSchema);
    const vsAuto = gradients({ actual: manual, expected: auto, tolerance: ctx.tolerance });
    const vsFd = finiteDifferences(manual, ctx.plan.grad.fdCoords, fd);
    const details = { autodiff: vsAuto.details, finiteDifferences: vsFd.details };
    if (vsAuto.passed && vsFd.passed) {
      return { passed: true, message: `Your backward() equals tf.variableGrads through your own forward() for Wxh, Whh, b and ${vsFd.message}.`, details };
    }
    const parts = [
      vsAuto.passed ? null : `Compared with tf.variableGrads through your own forward(): ${vsAuto.message.replace(/^Gradients differ from autodiff: /, '')}`,
      vsFd.passed ? null : `Your backward() ${vsFd.message}.`,
    ].filter(Boolean);
    return { passed: false, message: `${parts.join(' ')} ${BPTT_HINT}`, details };
  },
});
