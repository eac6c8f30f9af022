// Trusted checks for p4-lifting-conv (checker zone). The plan is built here from the per-run RNG;
// the learner's answers are validated and compared with the reference solution's. The visible
// checks live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import { defineChecks, gradientsCheck, matchesReferenceCheck, randomTensor, rotationP4, type NumTensor, type Rng } from '@tyinglab/grader/checks';
import type { Plan } from './probes';
import visibleChecks, { AXES, C_IN, C_OUT, K, P4_HINT, tensor } from './visible-checks';
const randomWeights = (rng: Rng, std: number): Record<string, NumTensor> => ({
  kernel: randomTensor(rng, [K, K, C_IN, C_OUT], std),
  bias: randomTensor(rng, [C_OUT], std),
});

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

    'matches-reference': matchesReferenceCheck({ outputs: { y: tensor }, axes: AXES, hint: P4_HINT }),

    // Autodiff through the learner's apply() against autodiff through the reference's.
    'gradient-through-rotations': gradientsCheck({
      against: 'reference',
      actual: 'gradient',
      expected: 'gradient',
      passed: "Your kernel and bias receive the reference's gradients: the kernel's gradient collects the contributions of all four rotated copies.",
      failed: 'Gradients through your apply() differ from the reference (same weights, input and upstream gradient)',
      hint:
        "A tied weight's gradient is the sum over all its uses: build the rotated copies from the kernel variable with tf operations inside apply(), " +
        'so each copy passes its gradient back (rotated back) to the one kernel.',
    }),
  },
});
