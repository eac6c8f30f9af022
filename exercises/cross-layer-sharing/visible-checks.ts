// Visible checks for cross-layer-sharing: they run in the learner's browser on a public plan (and
// again on the server as part of the grade), so they use only the learner's own answers and public
// formulas.
import { z } from 'zod';
import { compareData, defineVisibleChecks, fmt, gradientDifferences, gradientRecordSchema, gradients, paramCountCheck, type NumTensor } from '@tyinglab/grader/checks';
import type { Plan } from './probes';

export const H = 6;
export const GRAD_DEPTH = 4;

const expectedWeights = [
  { name: 'W', shape: [H, H] },
  { name: 'b', shape: [H] },
];
const formula = `H·H + H = ${H}·${H} + ${H}`;

export const manualSchema = z.strictObject({ total: gradientRecordSchema, perLayer: z.array(gradientRecordSchema).max(64) });
export const HINT =
  'Go down from layer L to 1 carrying g = ∂ℓ/∂h_l (ℓ the loss): δ = g ⊙ (1 − tanh²(h_{l−1}W + b)), layer l contributes h_{l−1}ᵀδ to W and the column sum of δ to b, ' +
  'then g ← g + δWᵀ (residual path plus block path). The shared W and b receive the SUM of all L contributions.';

/** The per-layer contributions must be one per layer and add up to the reported total. */
function contributionsAddUp(total: Record<string, NumTensor>, perLayer: Record<string, NumTensor>[], depth: number, tol: { atol: number; rtol: number }): string | null {
  if (perLayer.length !== depth) return `perLayer has ${perLayer.length} entries for a stack of depth ${depth}: there must be one contribution per application of the block.`;
  for (const name of ['W', 'b']) {
    const t = total[name];
    if (!t) return `total has no "${name}".`;
    const sum = new Array<number>(t.data.length).fill(0);
    for (const [l, p] of perLayer.entries()) {
      const g = p[name];
      if (!g || g.data.length !== t.data.length) return `perLayer[${l}].${name} is missing or has the wrong shape (expected [${t.shape.join(', ')}]).`;
      g.data.forEach((v, i) => (sum[i]! += v));
    }
    const cmp = compareData(t.data, sum, t.shape, { atol: tol.atol * depth, rtol: tol.rtol * depth });
    if (!cmp.passed) return `total.${name} is not the sum of your ${depth} per-layer contributions (off by up to ${fmt(cmp.maxAbsErr)}).`;
  }
  return null;
}

export default defineVisibleChecks<Plan>({
  'param-count': paramCountCheck({ expected: expectedWeights, formula, independentOf: 'depth', owner: 'stack' }),

  'gradient-self-consistent': (ctx) => {
    const manual = ctx.learner('manualGrad', manualSchema);
    const auto = ctx.learner('autodiffGrad', gradientRecordSchema);
    const vsAuto = gradients({ actual: manual.total, expected: auto, tolerance: ctx.tolerance });
    const sumProblem = contributionsAddUp(manual.total, manual.perLayer, GRAD_DEPTH, ctx.tolerance);
    const details = { autodiff: vsAuto.details, contributionsAddUp: sumProblem === null };
    if (vsAuto.passed && !sumProblem) {
      return { passed: true, message: `Your total gradient equals tf.variableGrads through your own forward() (depth ${GRAD_DEPTH}) and is the sum of your ${GRAD_DEPTH} per-layer contributions.`, details };
    }
    const parts: string[] = [];
    if (!vsAuto.passed) parts.push(`Compared with tf.variableGrads through your own forward() at depth ${GRAD_DEPTH}: ${gradientDifferences(vsAuto.message)}.`);
    if (sumProblem) parts.push(sumProblem);
    return { passed: false, message: `${parts.join(' ')} ${HINT}`, details };
  },
});
