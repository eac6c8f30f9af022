// Trusted checks for tied-embeddings (checker zone). The plan is built here from the per-run RNG;
// the learner's answers are validated and compared with the reference solution's. The visible
// checks live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import { z } from 'zod';
import { defineChecks, gradients, matchesReference, tensorSchema, type NumTensor, type Rng } from '@tyinglab/grader';
import type { Plan } from './probes';
import visibleChecks, { BOTH_USES_HINT, D, V, gradSchema, stripPrefix } from './visible-checks';

const randomTensor = (rng: Rng, shape: number[], std = 1): NumTensor => ({ shape, data: rng.normals(shape.reduce((a, b) => a * b, 1), std) });
const randomIds = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.int(0, V - 1));

const injectedSchema = z.array(z.strictObject({ label: z.string(), logits: tensorSchema({ rank: 2, maxSize: 1 << 12 }) })).max(4);

export default defineChecks<Plan>({
  makePlan(rng) {
    return {
      args: { vocabSize: V, embedSize: D },
      weights: { E: randomTensor(rng, [V, D], 0.6), U: randomTensor(rng, [D, D], 0.5), c: randomTensor(rng, [D], 0.2), bOut: randomTensor(rng, [V], 0.2) },
      batches: [
        { label: 'a batch of 3 tokens', tokens: randomIds(rng, 3) },
        { label: 'a batch of 7 tokens', tokens: randomIds(rng, 7) },
      ],
      grad: { tokens: randomIds(rng, 8), targets: randomIds(rng, 8) },
    };
  },
  checks: {
    ...visibleChecks,

    'matches-reference': (ctx) => {
      const mine = ctx.learner('injected', injectedSchema);
      const ref = ctx.reference('injected', injectedSchema);
      return matchesReference({
        cases: ref.map((r, i) => ({ label: r.label, expected: r.logits, actual: mine[i]?.logits ?? { shape: [], data: [] } })),
        tolerance: ctx.tolerance,
        axes: ['n', 'v'],
        what: 'output (logits)',
      });
    },

    'gradient-matches-reference': (ctx) => {
      const out = gradients({ actual: ctx.learner('manualGrad', gradSchema), expected: ctx.reference('autodiffGrad', gradSchema), tolerance: ctx.tolerance });
      if (out.passed) return { ...out, message: 'gradients() matches the reference autodiff: both uses of E are accounted for.' };
      return { ...out, message: `gradients() differs from the reference autodiff (same weights and tokens): ${stripPrefix(out.message)}. ${BOTH_USES_HINT}` };
    },
  },
});
