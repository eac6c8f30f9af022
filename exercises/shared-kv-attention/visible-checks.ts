// Visible checks for shared-kv-attention: they run in the learner's browser on a public plan (and
// again on the server as part of the grade), so they use only the learner's own answers and public formulas.
import { z } from 'zod';
import {
  compareData,
  countOf,
  declaredWeightsSchema,
  defineVisibleChecks,
  equivariance,
  fact,
  fmt,
  paramCount,
  permutation,
  tensorSchema,
  type CheckOutcome,
} from '@tyinglab/grader/checks';
import type { Plan } from './probes';

export const D = 8;
export const DEPTHS = [2, 3];
export const AXES = ['n', 't', 'c'];

export const expectedWeights = (numLayers: number) => [
  { name: 'wK', shape: [D, D] },
  { name: 'wV', shape: [D, D] },
  ...Array.from({ length: numLayers }, (_, l) => [
    { name: `wQ_${l}`, shape: [D, D] },
    { name: `wO_${l}`, shape: [D, D] },
  ]).flat(),
];
const formula = (numLayers: number) => `2d² + 2L·d² = 2·${D}² + 2·${numLayers}·${D}²`;

export const tensor = tensorSchema({ rank: 3, maxSize: 1 << 12 });
const permutedSchema = z.strictObject({ fx: tensor, fPx: tensor });

/** Like paramCount, but the expected list depends on the depth: one paramCount per depth, then the per-layer increment. */
function paramCountOverDepth(declared: { label: string; weights: { name: string; shape: number[] }[] }[]): CheckOutcome {
  const perDepth = DEPTHS.map((L, i) => {
    const got = declared[i];
    if (!got) return { passed: false, message: `No weights were reported for a stack with L = ${L}.` };
    return paramCount({ declared: [got], expected: expectedWeights(L), formula: formula(L) });
  });
  const counts = declared.map((d) => countOf(d.weights));
  const details = { declaredCounts: counts, expectedCounts: DEPTHS.map((L) => countOf(expectedWeights(L))), depths: DEPTHS };
  // Two depths: a table of counts says more than a two-point curve.
  const facts = DEPTHS.flatMap((L, i) => [fact(`your parameters at L = ${L}`, counts[i] ?? 'none reported'), fact(`expected at L = ${L}`, details.expectedCounts[i]!)]);
  const failing = perDepth.findIndex((o) => !o.passed);
  if (failing >= 0) {
    const perLayer = counts.length === DEPTHS.length ? (counts[1]! - counts[0]!) / (DEPTHS[1]! - DEPTHS[0]!) : NaN;
    const growth =
      Number.isFinite(perLayer) && perLayer !== 2 * D * D
        ? ` Each extra layer adds ${fmt(perLayer)} parameters in your stack; with W_K and W_V shared it must add only its own W_Q and W_O, 2d² = ${2 * D * D}.`
        : '';
    return { passed: false, message: `With L = ${DEPTHS[failing]} layers: ${perDepth[failing]!.message}${growth}`, facts, details };
  }
  return {
    passed: true,
    message: `${counts.map((c, i) => `${c} parameters at L = ${DEPTHS[i]}`).join(', ')}: 2d² shared (W_K, W_V) + 2d² per layer (W_Q, W_O).`,
    facts,
    details,
  };
}

export default defineVisibleChecks<Plan>({
  'param-count': (ctx) => paramCountOverDepth(ctx.learner('declared', declaredWeightsSchema)),

  'permutation-equivariance': (ctx) => {
    const { fx, fPx } = ctx.learner('permuted', permutedSchema);
    const x = ctx.plan.permuted.x;
    // Guard beyond the library's: the residual path alone (f(x) = x) is also equivariant, so the
    // attention branch must actually contribute.
    if (fx.data.length === x.data.length) {
      const zero = { shape: x.shape, data: x.data.map(() => 0) };
      const branch = { shape: x.shape, data: fx.data.map((v, i) => v - x.data[i]!) };
      const cmp = compareData(branch.data, zero.data, x.shape, { atol: 1e-3, rtol: 0 });
      if (cmp.passed) {
        return {
          passed: false,
          message: `Your output equals the input (attention branch contributes at most ${fmt(cmp.maxAbsErr)}): the residual alone is trivially equivariant. Add the attention term.`,
        };
      }
    }
    return equivariance({
      fx,
      fTx: fPx,
      outputTransform: permutation(ctx.plan.permuted.perm, { axis: 1, what: 'tokens' }),
      tolerance: ctx.tolerance,
      axes: AXES,
    });
  },
});
