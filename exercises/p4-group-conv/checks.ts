// Trusted checks for p4-group-conv (checker zone). The plan is built here from the per-run RNG;
// the learner's answers are validated and compared with the reference solution's. The visible
// checks live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import { defineChecks, matchesReferenceCheck, randomTensor, rotationP4, type NumTensor, type Rng } from '@tyinglab/grader/checks';
import type { Plan } from './probes';
import visibleChecks, { AXES, C_IN, C_OUT, GROUP_HINT, K, tensor } from './visible-checks';

/** The image fed to the lifting layer in the two-layer check has this many channels. */
const IMG_C = 1;

const groupWeights = (rng: Rng, std: number): Record<string, NumTensor> => ({
  kernel: randomTensor(rng, [K, K, C_IN, 4, C_OUT], std),
  bias: randomTensor(rng, [C_OUT], std),
});

export default defineChecks<Plan>({
  makePlan(rng) {
    const f = randomTensor(rng, [2, 8, 8, C_IN * 4]);
    const img = randomTensor(rng, [2, 8, 8, IMG_C]);
    return {
      args: { inChannels: C_IN, outChannels: C_OUT, kernelSize: K },
      weights: groupWeights(rng, 0.5),
      inputs: [
        { label: 'a 2×7×7 p4 feature map', x: randomTensor(rng, [2, 7, 7, C_IN * 4]) },
        { label: 'a 1×6×9 p4 feature map', x: randomTensor(rng, [1, 6, 9, C_IN * 4]) },
      ],
      rotation: { weights: groupWeights(rng, 0.5), x: f, rotated: rotationP4(1, 4).apply(f) },
      twoLayers: {
        liftingArgs: { inChannels: IMG_C, outChannels: C_IN, kernelSize: K },
        liftingWeights: { kernel: randomTensor(rng, [K, K, IMG_C, C_IN], 0.7), bias: randomTensor(rng, [C_IN], 0.3) },
        weights: groupWeights(rng, 0.5),
        x: img,
        rotated: rotationP4(1, 1).apply(img),
      },
    };
  },
  checks: {
    ...visibleChecks,

    'matches-reference': matchesReferenceCheck({ outputs: { y: tensor }, axes: AXES, hint: GROUP_HINT }),
  },
});
