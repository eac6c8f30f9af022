// Visible checks for siamese-shared-tower: they run in the learner's browser on a public plan (and
// again on the server as part of the grade), so they use only the learner's own answers and public
// formulas.
import { z } from 'zod';
import { compareData, defineVisibleChecks, fmt, gradientDifferences, gradientRecordSchema, gradients, paramCountCheck, tensorSchema, type CheckOutcome, type NumTensor } from '@tyinglab/grader/checks';
import type { Plan } from './probes';

export const D = 6;
export const H = 8;
export const E = 4;

const expectedWeights = [
  { name: 'W1', shape: [D, H] },
  { name: 'b1', shape: [H] },
  { name: 'W2', shape: [H, E] },
];
const formula = `D·H + H + H·E = ${D}·${H} + ${H} + ${H}·${E}`;

const swapSchema = z.strictObject({ ab: tensorSchema({ rank: 1, maxSize: 64 }), ba: tensorSchema({ rank: 1, maxSize: 64 }) });
export const gradSchema = z.strictObject({ total: gradientRecordSchema, tower: gradientRecordSchema });
export const SUM_HINT =
  'The shared weights are used by both branches, so gradients() must add towerBackward(a, ∂L/∂e_a) and towerBackward(b, ∂L/∂e_b), ' +
  'with ∂L/∂e_a = 2·dD·(e_a − e_b) and ∂L/∂e_b = −∂L/∂e_a.';

/**
 * Invariance under swapping the two inputs, d(a,b) = d(b,a), with a non-triviality guard: a
 * constant (or input-ignoring) distance is symmetric too. (The library's equivariance check
 * requires the output to move under the transform, which an invariant output does not.)
 */
function swapSymmetry(ab: NumTensor, ba: NumTensor, tol: { atol: number; rtol: number }): CheckOutcome {
  if (ab.shape.join(',') !== ba.shape.join(',')) {
    return { passed: false, message: `distance(a, b) has shape [${ab.shape.join(', ')}] but distance(b, a) has shape [${ba.shape.join(', ')}].` };
  }
  const lo = Math.min(...ab.data);
  const hi = Math.max(...ab.data);
  const scale = Math.max(Math.abs(lo), Math.abs(hi), 1e-12);
  const details: Record<string, unknown> = { pairs: ab.data.length, spread: hi - lo };
  if (hi - lo <= 1e-3 * scale + tol.atol || hi <= tol.atol) {
    return {
      passed: false,
      message: `Your distances are (nearly) the same for every pair (spread ${fmt(hi - lo)}), so symmetry says nothing. The distance must depend on the two inputs through the encoder (random initial weights, not zeros).`,
      details,
    };
  }
  const cmp = compareData(ba.data, ab.data, ab.shape, tol);
  Object.assign(details, { maxAbsErr: cmp.maxAbsErr });
  if (cmp.passed) return { passed: true, message: `d(a, b) = d(b, a) for all ${ab.data.length} pairs (max deviation ${fmt(cmp.maxAbsErr)}).`, details };
  return {
    passed: false,
    message:
      `Swapping the inputs changes your distance by up to ${fmt(cmp.maxAbsErr)} (pair ${cmp.worst?.[0] ?? 0}: d(a, b) = ${fmt(cmp.worstExpected)}, d(b, a) = ${fmt(cmp.worstActual)}). ` +
      'Both inputs must go through the same encoder and the distance must treat them alike (|e_a − e_b|², not a signed or one-sided quantity).',
    details,
  };
}

export default defineVisibleChecks<Plan>({
  'param-count': paramCountCheck({ expected: expectedWeights, formula, independentOf: 'batch size', owner: 'model' }),

  'swap-symmetry': (ctx) => {
    const { ab, ba } = ctx.learner('swap', swapSchema);
    return swapSymmetry(ab, ba, ctx.tolerance);
  },

  'gradient-self-consistent': (ctx) => {
    const manual = ctx.learner('manualGrad', gradSchema);
    const auto = ctx.learner('autodiffGrad', gradSchema);
    const tower = gradients({ actual: manual.tower, expected: auto.tower, tolerance: ctx.tolerance });
    const total = gradients({ actual: manual.total, expected: auto.total, tolerance: ctx.tolerance });
    const details = { tower: tower.details, total: total.details };
    if (tower.passed && total.passed) {
      return { passed: true, message: 'towerBackward() and gradients() equal tf.variableGrads through your own embed() and distance().', details };
    }
    const parts: string[] = [];
    if (!tower.passed) parts.push(`towerBackward(x, gE) vs autodiff of sum(gE ⊙ embed(x)): ${gradientDifferences(tower.message)}.`);
    if (!total.passed) parts.push(`gradients(a, b, dD) vs autodiff of sum(dD ⊙ distance(a, b)): ${gradientDifferences(total.message)}. ${SUM_HINT}`);
    return { passed: false, message: parts.join(' '), details };
  },
});
