// Trusted checks for tied-embeddings (checker zone). The plan is built here from the per-run RNG;
// the learner's answers are validated and compared with the reference solution's. The visible
// checks live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import { defineChecks, gradientsCheck, matchesReferenceCheck, randomTensor, tensorSchema, type Rng } from '@tyinglab/grader/checks';
import type { Plan } from './probes';
import visibleChecks, { BOTH_USES_HINT, D, V } from './visible-checks';

const randomIds = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.int(0, V - 1));

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

    'matches-reference': matchesReferenceCheck({ outputs: { logits: tensorSchema({ rank: 2, maxSize: 1 << 12 }) }, axes: ['n', 'v'], what: 'output (logits)' }),

    'gradient-matches-reference': gradientsCheck({
      against: 'reference',
      passed: 'gradients() matches the reference autodiff: both uses of E are accounted for.',
      failed: 'gradients() differs from the reference autodiff (same weights and tokens)',
      hint: BOTH_USES_HINT,
    }),
  },
});
