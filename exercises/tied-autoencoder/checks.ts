// Trusted checks for tied-autoencoder (checker zone). The plan is built here from the per-run RNG;
// the learner's answers are validated and compared with the reference solution's. The visible
// checks live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import { z } from 'zod';
import { defineChecks, gradients, matchesReference, type NumTensor, type Rng } from '@tyinglab/grader';
import type { Plan } from './probes';
import visibleChecks, { BOTH_USES_HINT, D, K, gradSchema, stripPrefix, tensor2 } from './visible-checks';

const randomTensor = (rng: Rng, shape: number[], std = 1): NumTensor => ({ shape, data: rng.normals(shape.reduce((a, b) => a * b, 1), std) });

const injectedSchema = z.array(z.strictObject({ label: z.string(), code: tensor2, recon: tensor2 })).max(4);

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

    'matches-reference': (ctx) => {
      const mine = ctx.learner('injected', injectedSchema);
      const ref = ctx.reference('injected', injectedSchema);
      const empty = { shape: [], data: [] };
      return matchesReference({
        cases: ref.flatMap((r, i) => [
          { label: `encode(x) for ${r.label}`, expected: r.code, actual: mine[i]?.code ?? empty },
          { label: `reconstruct(x) for ${r.label}`, expected: r.recon, actual: mine[i]?.recon ?? empty },
        ]),
        tolerance: ctx.tolerance,
      });
    },

    'gradient-matches-reference': (ctx) => {
      const out = gradients({ actual: ctx.learner('manualGrad', gradSchema), expected: ctx.reference('autodiffGrad', gradSchema), tolerance: ctx.tolerance });
      if (out.passed) return { ...out, message: 'gradients(x) matches the reference autodiff: both uses of W are accounted for.' };
      return { ...out, message: `gradients(x) differs from the reference autodiff (same weights and batch): ${stripPrefix(out.message)}. ${BOTH_USES_HINT}` };
    },
  },
});
