// Trusted checks for siamese-shared-tower (checker zone). The plan is built here from the per-run
// RNG; the learner's answers are validated and compared with the reference solution's. The visible
// checks live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import { z } from 'zod';
import { defineChecks, gradients, matchesReference, tensorSchema, type NumTensor, type Rng } from '@tyinglab/grader';
import type { Plan } from './probes';
import visibleChecks, { D, E, H, SUM_HINT, gradSchema, stripPrefix } from './visible-checks';

const N_GRAD = 4;

const randomTensor = (rng: Rng, shape: number[], std = 1): NumTensor => ({ shape, data: rng.normals(shape.reduce((a, b) => a * b, 1), std) });

const injectedSchema = z.array(z.strictObject({ label: z.string(), embedding: tensorSchema({ rank: 2, maxSize: 1 << 12 }), distance: tensorSchema({ rank: 1, maxSize: 64 }) })).max(4);

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

    'matches-reference': (ctx) => {
      const mine = ctx.learner('injected', injectedSchema);
      const ref = ctx.reference('injected', injectedSchema);
      const empty = { shape: [], data: [] };
      return matchesReference({
        cases: ref.flatMap((r, i) => [
          { label: `embed(a) for ${r.label}`, expected: r.embedding, actual: mine[i]?.embedding ?? empty },
          { label: `distance(a, b) for ${r.label}`, expected: r.distance, actual: mine[i]?.distance ?? empty },
        ]),
        tolerance: ctx.tolerance,
      });
    },

    'gradient-matches-reference': (ctx) => {
      const manual = ctx.learner('manualGrad', gradSchema);
      const ref = ctx.reference('autodiffGrad', gradSchema);
      const out = gradients({ actual: manual.total, expected: ref.total, tolerance: ctx.tolerance });
      if (out.passed) return { ...out, message: 'gradients(a, b, dD) matches the reference autodiff for W1, b1 and W2: both branches are accounted for.' };
      return { ...out, message: `gradients(a, b, dD) differs from the reference autodiff (same weights and pairs): ${stripPrefix(out.message)}. ${SUM_HINT}` };
    },
  },
});
