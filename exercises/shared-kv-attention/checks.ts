// Trusted checks for shared-kv-attention (checker zone). The plan is built here from the per-run
// RNG; the learner's answers are validated and compared with the reference solution's. The visible
// checks live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import { z } from 'zod';
import { defineChecks, matchesReference, permutation, randomPermutation, type NumTensor, type Rng } from '@tyinglab/grader';
import type { Plan } from './probes';
import visibleChecks, { AXES, D, DEPTHS, expectedWeights, tensor } from './visible-checks';

const INJECTED_LAYERS = 3;

const randomTensor = (rng: Rng, shape: number[], std = 1): NumTensor => ({ shape, data: rng.normals(shape.reduce((a, b) => a * b, 1), std) });

const injectedSchema = z.array(z.strictObject({ label: z.string(), y: tensor })).max(4);

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

    'matches-reference': (ctx) => {
      const mine = ctx.learner('injected', injectedSchema);
      const ref = ctx.reference('injected', injectedSchema);
      return matchesReference({
        cases: ref.map((r, i) => ({ label: r.label, expected: r.y, actual: mine[i]?.y ?? { shape: [], data: [] } })),
        tolerance: ctx.tolerance,
        axes: AXES,
      });
    },
  },
});
