// Trusted checks for tied-conv2d (checker zone). The plan is built here from the per-run RNG;
// the learner's answers are validated and compared with the reference solution's. The visible
// checks live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import { defineChecks, describeOptimizer, matchesReferenceCheck, randomTensor, trainsLikeReferenceCheck, translation } from '@tyinglab/grader/checks';
import type { Plan } from './probes';
import visibleChecks, { AXES, C_IN, C_OUT, K, SHIFT, tensor } from './visible-checks';

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

    'matches-reference': matchesReferenceCheck({ outputs: { y: tensor }, axes: AXES }),

    'trains-like-reference': trainsLikeReferenceCheck({ optimizer: (plan) => describeOptimizer({ kind: 'sgd', lr: plan.train.learningRate }) }),
  },
});
