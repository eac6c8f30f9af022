// Trusted checks for deepsets-permutation-invariance (checker zone). The plan is built here from
// the per-run RNG; the learner's answers are validated and compared with the reference solution's.
// The visible checks live in visible-checks.ts (shipped to the browser); the hidden one stays here.
import { defineChecks, matchesReferenceCheck, permutation, randomPermutation, randomTensor, type NumTensor } from '@tyinglab/grader/checks';
import type { Plan } from './probes';
import visibleChecks, { AXES, D, H, O, expectedWeights, tensor } from './visible-checks';

const SET_SIZE = 5;

export default defineChecks<Plan>({
  makePlan(rng) {
    const weights: Record<string, NumTensor> = {};
    // He-like scales for the matrices (first axis = fan-in), small random biases.
    for (const w of expectedWeights) weights[w.name] = randomTensor(rng, w.shape, w.shape.length === 2 ? Math.sqrt(2 / w.shape[0]!) : 0.2);
    const x = randomTensor(rng, [2, SET_SIZE, D]);
    const perm = randomPermutation(rng, SET_SIZE);
    return {
      args: { inDim: D, hidden: H, outDim: O },
      weights,
      inputs: [
        { label: 'a batch of 2 sets of 6 elements', n: 6, x: randomTensor(rng, [2, 6, D]) },
        { label: 'a batch of 3 sets of 1 element', n: 1, x: randomTensor(rng, [3, 1, D]) },
      ],
      permuted: { x, perm, px: permutation(perm, { axis: 1 }).apply(x), other: randomTensor(rng, [2, SET_SIZE, D]) },
      grad: { x: randomTensor(rng, [2, 4, D]), g: randomTensor(rng, [2, O]) },
    };
  },
  checks: {
    ...visibleChecks,

    'matches-reference': matchesReferenceCheck({
      outputs: { y: tensor },
      axes: AXES,
      // Right for one-element sets only: φ and ρ are right, what happens between them is not.
      hint: (matched, plan) =>
        matched[plan.inputs.findIndex((c) => c.n === 1)]
          ? 'Single-element sets match, larger ones do not: look at the pooling (a sum over the elements, not a mean or a max) and at where ρ is applied (once, after the sum).'
          : undefined,
    }),
  },
});
