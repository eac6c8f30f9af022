// Trusted checks for tied-conv2d (checker zone). The plan is built here from the per-run RNG;
// the learner's answers are validated and compared with the reference solution's. The visible
// checks live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import { z } from 'zod';
import { defineChecks, matchesReference, tensorSchema, trainsLikeReference, translation, type NumTensor, type Rng } from '@tyinglab/grader';
import type { Plan } from './probes';
import visibleChecks, { AXES, C_IN, C_OUT, K, SHIFT, tensor } from './visible-checks';

const randomTensor = (rng: Rng, shape: number[], std = 1): NumTensor => ({ shape, data: rng.normals(shape.reduce((a, b) => a * b, 1), std) });

const injectedSchema = z.array(z.strictObject({ label: z.string(), y: tensor })).max(4);
const trainSchema = z.strictObject({
  losses: z.array(z.number()).max(1000),
  weights: z.record(z.string(), tensorSchema({ maxSize: 1 << 16 })),
});

export default defineChecks<Plan>({
  makePlan(rng) {
    const shiftX = randomTensor(rng, [1, 12, 12, C_IN]);
    return {
      args: { inChannels: C_IN, outChannels: C_OUT, kernelSize: K },
      weights: { kernel: randomTensor(rng, [K, K, C_IN, C_OUT], 0.3), bias: randomTensor(rng, [C_OUT], 0.5) },
      inputs: [
        { label: 'a 2×8×8 batch', x: randomTensor(rng, [2, 8, 8, C_IN]) },
        { label: 'a 1×11×9 batch', x: randomTensor(rng, [1, 11, 9, C_IN]) },
      ],
      shift: { x: shiftX, shifted: translation(SHIFT[0], SHIFT[1], 'zero').apply(shiftX) },
      train: {
        init: { kernel: randomTensor(rng, [K, K, C_IN, C_OUT], 0.2), bias: randomTensor(rng, [C_OUT], 0.1) },
        x: randomTensor(rng, [2, 8, 8, C_IN]),
        y: randomTensor(rng, [2, 8, 8, C_OUT]),
        learningRate: 0.1,
        steps: 6,
      },
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

    'trains-like-reference': (ctx) => {
      const mine = ctx.learner('train', trainSchema);
      const ref = ctx.reference('train', trainSchema);
      return trainsLikeReference({
        learnerLosses: mine.losses,
        referenceLosses: ref.losses,
        learnerWeights: mine.weights,
        referenceWeights: ref.weights,
        tolerance: ctx.tolerance,
        optimizer: `SGD (lr ${ctx.plan.train.learningRate})`,
      });
    },
  },
});
