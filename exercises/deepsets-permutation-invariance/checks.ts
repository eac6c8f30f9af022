// Trusted checks for deepsets-permutation-invariance (checker zone). The plan is built here from
// the per-run RNG; the learner's answers are validated and compared with the reference solution's.
// The visible checks live in visible-checks.ts (shipped to the browser); the hidden one stays here.
import { z } from 'zod';
import { defineChecks, matchesReference, permutation, randomPermutation, type NumTensor, type Rng } from '@tyinglab/grader';
import type { Plan } from './probes';
import visibleChecks, { AXES, D, H, O, expectedWeights, tensor } from './visible-checks';

const randomTensor = (rng: Rng, shape: number[], std = 1): NumTensor => ({ shape, data: rng.normals(shape.reduce((a, b) => a * b, 1), std) });

const injectedSchema = z.array(z.strictObject({ label: z.string(), y: tensor })).max(4);

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

    'matches-reference': (ctx) => {
      const mine = ctx.learner('injected', injectedSchema);
      const ref = ctx.reference('injected', injectedSchema);
      const out = matchesReference({
        cases: ref.map((r, i) => ({ label: r.label, expected: r.y, actual: mine[i]?.y ?? { shape: [], data: [] } })),
        tolerance: ctx.tolerance,
        axes: AXES,
      });
      // Right for one-element sets only: φ and ρ are right, what happens between them is not.
      const rows = (out.details?.cases ?? []) as { fractionClose?: number }[];
      const single = ctx.plan.inputs.findIndex((c) => c.n === 1);
      if (!out.passed && rows[single]?.fractionClose === 1) {
        return {
          ...out,
          message: `${out.message} Single-element sets match, larger ones do not: look at the pooling (a sum over the elements, not a mean or a max) and at where ρ is applied (once, after the sum).`,
        };
      }
      return out;
    },
  },
});
