// Trusted checks for shared-kv-attention (checker zone). The plan is built here from the per-run
// RNG; the learner's answers are validated and compared with the reference solution's. The visible
// checks live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import { defineChecks, matchesReferenceCheck, permutation, randomPermutation, randomTensor, type NumTensor } from '@tyinglab/grader/checks';
import type { Plan } from './probes';
import visibleChecks, { AXES, D, DEPTHS, expectedWeights, tensor } from './visible-checks';

const INJECTED_LAYERS = 3;

export default defineChecks<Plan>({
  makePlan(rng) {
    const weights: Record<string, NumTensor> = {};
    for (const w of expectedWeights(INJECTED_LAYERS)) weights[w.name] = randomTensor(rng, w.shape, 0.4);
    const x = randomTensor(rng, [2, 6, D]);
    const perm = randomPermutation(rng, 6);
    return {
      dModel: D,
      depths: DEPTHS,
      probeX: randomTensor(rng, [1, 4, D]),
      injected: {
        numLayers: INJECTED_LAYERS,
        weights,
        inputs: [
          { label: 'a batch of 2 sequences of 5 tokens', x: randomTensor(rng, [2, 5, D]) },
          { label: 'one sequence of 7 tokens', x: randomTensor(rng, [1, 7, D]) },
        ],
      },
      permuted: { x, perm, px: permutation(perm, { axis: 1, what: 'tokens' }).apply(x) },
    };
  },
  checks: {
    ...visibleChecks,

    'matches-reference': matchesReferenceCheck({ outputs: { y: tensor }, axes: AXES }),
  },
});
