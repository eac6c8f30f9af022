// Trusted checks for locally-connected (checker zone). The plan is built here from the per-run RNG;
// the learner's answers are validated and compared with the reference solution's. The visible
// checks (including the tied-copy check's plain-JS 'valid' convolution) live in visible-checks.ts
// (shipped to the browser); the hidden ones stay here.
import { defineChecks, describeOptimizer, matchesReferenceCheck, randomTensor, trainsLikeReferenceCheck, type NumTensor, type Rng } from '@tyinglab/grader/checks';
import type { LayerArgs, Plan } from './probes';
import visibleChecks, { AXES, C_IN, C_OUT, K, expectedWeights, outSize, tensor } from './visible-checks';

const argsFor = (height: number, width: number): LayerArgs => ({ inChannels: C_IN, outChannels: C_OUT, kernelSize: K, height, width });

function randomWeights(rng: Rng, a: LayerArgs, std: number): Record<string, NumTensor> {
  const [kernel, bias] = expectedWeights(a);
  return { kernel: randomTensor(rng, kernel!.shape, std), bias: randomTensor(rng, bias!.shape, std) };
}

export default defineChecks<Plan>({
  makePlan(rng) {
    const cases = [
      { label: 'a 2×6×6 batch', x: [2, 6, 6, C_IN], hw: [6, 6] },
      { label: 'a 1×8×7 batch', x: [1, 8, 7, C_IN], hw: [8, 7] },
    ].map(({ label, x, hw }) => {
      const args = argsFor(hw[0]!, hw[1]!);
      return { label, args, x: randomTensor(rng, x), weights: randomWeights(rng, args, 0.5) };
    });

    // The same kernel and bias copied into every location.
    const copyArgs = argsFor(7, 6);
    const [ho, wo] = outSize(copyArgs);
    const baseKernel = randomTensor(rng, [K, K, C_IN, C_OUT], 0.5);
    const baseBias = randomTensor(rng, [C_OUT], 0.5);
    const repeat = (t: NumTensor, shape: number[]): NumTensor => ({ shape, data: Array.from({ length: ho * wo }, () => t.data).flat() });

    const trainArgs = argsFor(6, 6);
    const [tho, two] = outSize(trainArgs);
    return {
      cases,
      tiedCopy: {
        args: copyArgs,
        x: randomTensor(rng, [2, 7, 6, C_IN]),
        weights: { kernel: repeat(baseKernel, [ho, wo, K, K, C_IN, C_OUT]), bias: repeat(baseBias, [ho, wo, C_OUT]) },
        base: { kernel: baseKernel, bias: baseBias },
      },
      train: {
        args: trainArgs,
        init: randomWeights(rng, trainArgs, 0.2),
        x: randomTensor(rng, [2, 6, 6, C_IN]),
        y: randomTensor(rng, [2, tho, two, C_OUT]),
        learningRate: 0.2,
        steps: 5,
      },
    };
  },
  checks: {
    ...visibleChecks,

    'matches-reference': matchesReferenceCheck({ outputs: { y: tensor }, axes: AXES }),

    'trains-like-reference': trainsLikeReferenceCheck({ optimizer: (plan) => describeOptimizer({ kind: 'sgd', lr: plan.train.learningRate }) }),
  },
});
