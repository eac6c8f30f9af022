// Trusted checks for tied-autoencoder (checker zone). The plan is built here from the per-run RNG;
// the learner's answers are validated and compared with the reference solution's. The visible
// checks live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import { defineChecks, gradientsCheck, matchesReferenceCheck, randomTensor } from '@tyinglab/grader/checks';
import type { Plan } from './probes';
import visibleChecks, { BOTH_USES_HINT, D, K, tensor2 } from './visible-checks';

export default defineChecks<Plan>({
  makePlan(rng) {
    return {
      args: { inputSize: D, codeSize: K },
      weights: { W: randomTensor(rng, [D, K], 0.4), b: randomTensor(rng, [D], 0.3) },
      inputs: [
        { label: 'a batch of 3', x: randomTensor(rng, [3, D]) },
        { label: 'a batch of 5', x: randomTensor(rng, [5, D]) },
      ],
      grad: { x: randomTensor(rng, [4, D]) },
    };
  },
  checks: {
    ...visibleChecks,

    'matches-reference': matchesReferenceCheck({
      outputs: {
        code: { schema: tensor2, label: (l) => `encode(x) for ${l}` },
        recon: { schema: tensor2, label: (l) => `reconstruct(x) for ${l}` },
      },
    }),

    'gradient-matches-reference': gradientsCheck({
      against: 'reference',
      passed: 'gradients(x) matches the reference autodiff: both uses of W are accounted for.',
      failed: 'gradients(x) differs from the reference autodiff (same weights and batch)',
      hint: BOTH_USES_HINT,
    }),
  },
});
