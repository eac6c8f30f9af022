// Trusted checks for cross-layer-sharing (checker zone). The plan is built here from the per-run
// RNG; the learner's answers are validated and compared with the reference solution's. The visible
// checks live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import { defineChecks, gradientDifferences, gradientRecordSchema, gradients, matchesReferenceCheck, randomTensor, tensorSchema } from '@tyinglab/grader/checks';
import type { Plan } from './probes';
import visibleChecks, { GRAD_DEPTH, H, HINT, manualSchema } from './visible-checks';

const DEPTHS = [2, 5];
const N = 3;

export default defineChecks<Plan>({
  makePlan(rng) {
    return {
      width: H,
      weights: { W: randomTensor(rng, [H, H], 0.4), b: randomTensor(rng, [H], 0.2) },
      stacks: DEPTHS.map((depth) => ({ label: `depth ${depth}`, depth, x: randomTensor(rng, [N, H]) })),
      grad: { depth: GRAD_DEPTH, x: randomTensor(rng, [N, H]), dY: randomTensor(rng, [N, H]) },
    };
  },
  checks: {
    ...visibleChecks,

    'matches-reference': matchesReferenceCheck({ outputs: { y: tensorSchema({ rank: 2, maxSize: 1 << 12 }) }, axes: ['n', 'h'] }),

    'gradient-matches-reference': (ctx) => {
      const manual = ctx.learner('manualGrad', manualSchema);
      const ref = ctx.reference('manualGrad', manualSchema);
      const refAuto = ctx.reference('autodiffGrad', gradientRecordSchema);
      const total = gradients({ actual: manual.total, expected: refAuto, tolerance: ctx.tolerance });
      const bad: string[] = [];
      if (!total.passed) bad.push(`total: ${gradientDifferences(total.message)}`);
      if (manual.perLayer.length !== ref.perLayer.length) bad.push(`${manual.perLayer.length} per-layer contributions, expected ${ref.perLayer.length}`);
      else {
        ref.perLayer.forEach((r, l) => {
          const c = gradients({ actual: manual.perLayer[l]!, expected: r, tolerance: ctx.tolerance });
          if (!c.passed) bad.push(`layer ${l + 1}: ${gradientDifferences(c.message)}`);
        });
      }
      const details = { total: total.details };
      if (!bad.length) return { passed: true, message: `Your total and per-layer gradients match the reference (depth ${GRAD_DEPTH}): every application of the block contributes to the shared weights.`, details };
      return { passed: false, fraction: total.passed ? 0.5 : 0, message: `Your gradients differ from the reference (same weights and data, depth ${GRAD_DEPTH}): ${bad.join('; ')}. ${HINT}`, details };
    },
  },
});
