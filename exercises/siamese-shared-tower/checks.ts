// Trusted checks for siamese-shared-tower (checker zone). The plan is built here from the per-run
// RNG; the learner's answers are validated and compared with the reference solution's. The visible
// checks live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import { defineChecks, gradientsCheck, matchesReferenceCheck, randomTensor, tensorSchema } from '@tyinglab/grader/checks';
import type { Plan } from './probes';
import visibleChecks, { D, E, H, SUM_HINT, gradSchema } from './visible-checks';

const N_GRAD = 4;

export default defineChecks<Plan>({
  makePlan(rng) {
    return {
      args: { inputSize: D, hiddenSize: H, embedSize: E },
      weights: { W1: randomTensor(rng, [D, H], 0.5), b1: randomTensor(rng, [H], 0.2), W2: randomTensor(rng, [H, E], 0.5) },
      pairs: [
        { label: 'a batch of 3 pairs', a: randomTensor(rng, [3, D]), b: randomTensor(rng, [3, D]) },
        { label: 'a batch of 5 pairs', a: randomTensor(rng, [5, D]), b: randomTensor(rng, [5, D]) },
      ],
      swap: { a: randomTensor(rng, [6, D]), b: randomTensor(rng, [6, D]) },
      grad: { a: randomTensor(rng, [N_GRAD, D]), b: randomTensor(rng, [N_GRAD, D]), dD: randomTensor(rng, [N_GRAD]), gE: randomTensor(rng, [N_GRAD, E]) },
    };
  },
  checks: {
    ...visibleChecks,

    'matches-reference': matchesReferenceCheck({
      outputs: {
        embedding: { schema: tensorSchema({ rank: 2, maxSize: 1 << 12 }), label: (l) => `embed(a) for ${l}` },
        distance: { schema: tensorSchema({ rank: 1, maxSize: 64 }), label: (l) => `distance(a, b) for ${l}` },
      },
    }),

    'gradient-matches-reference': gradientsCheck({
      against: 'reference',
      schema: gradSchema,
      select: (answer) => answer.total,
      passed: 'gradients(a, b, dD) matches the reference autodiff for W1, b1 and W2: both branches are accounted for.',
      failed: 'gradients(a, b, dD) differs from the reference autodiff (same weights and pairs)',
      hint: SUM_HINT,
    }),
  },
});
