// Trusted checks for p4-lifting-conv (checker zone). The plan is built here from the per-run RNG;
// the learner's answers are validated and compared with the reference solution's. The visible
// checks live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import { z } from 'zod';
import { defineChecks, gradients, matchesReference, rotationP4, tensorSchema, type NumTensor, type Rng } from '@tyinglab/grader';
import type { Plan } from './probes';
import visibleChecks, { AXES, C_IN, C_OUT, K, P4_HINT, tensor } from './visible-checks';

const numel = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
const randomTensor = (rng: Rng, shape: number[], std = 1): NumTensor => ({ shape, data: rng.normals(numel(shape), std) });
const randomWeights = (rng: Rng, std: number): Record<string, NumTensor> => ({
  kernel: randomTensor(rng, [K, K, C_IN, C_OUT], std),
  bias: randomTensor(rng, [C_OUT], std),
});

const injectedSchema = z.array(z.strictObject({ label: z.string(), y: tensor })).max(4);
const gradientSchema = z.record(z.string(), tensorSchema({ maxSize: 1 << 12 }));

export default defineChecks<Plan>({
  makePlan(rng) {
    const x = randomTensor(rng, [2, 8, 8, C_IN]);
    return {
      args: { inChannels: C_IN, outChannels: C_OUT, kernelSize: K },
      weights: randomWeights(rng, 0.5),
      inputs: [
        { label: 'a 2×7×7 batch', x: randomTensor(rng, [2, 7, 7, C_IN]) },
        { label: 'a 1×6×9 batch', x: randomTensor(rng, [1, 6, 9, C_IN]) },
      ],
      rotation: { weights: randomWeights(rng, 0.5), x, rotated: rotationP4(1, 1).apply(x) },
      gradient: { weights: randomWeights(rng, 0.5), x: randomTensor(rng, [2, 6, 6, C_IN]), upstream: randomTensor(rng, [2, 6, 6, C_OUT * 4]) },
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
      return out.passed ? out : { ...out, message: out.message + P4_HINT };
    },

    'gradient-through-rotations': (ctx) => {
      const mine = ctx.learner('gradient', gradientSchema);
      const ref = ctx.reference('gradient', gradientSchema);
      const out = gradients({ actual: mine, expected: ref, tolerance: ctx.tolerance });
      if (out.passed) return { ...out, message: `${out.message} The kernel's gradient collects the contributions of all four rotated copies.` };
      return {
        ...out,
        message: `${out.message} Build the rotated copies from the kernel variable with tf operations inside apply(), so each copy passes its gradient back (rotated back) to the one kernel.`,
      };
    },
  },
});
