// Trusted checks for rnn-tied-bptt (checker zone). The plan is built here from the per-run RNG;
// the learner's answers are validated and compared with the reference solution's. The visible
// checks live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import { defineChecks, gradientsCheck, matchesReferenceCheck, randomTensor, tensorSchema } from '@tyinglab/grader/checks';
import type { Plan } from './probes';
import visibleChecks, { BPTT_HINT, D, H, expectedWeights } from './visible-checks';

const N = 2;
const LENGTHS = [4, 9];
const T_GRAD = 7;
const FD_EPS = 1e-2;
const AXES = ['n', 't', 'h'];

const tensor3 = tensorSchema({ rank: 3, maxSize: 1 << 12 });

export default defineChecks<Plan>({
  makePlan(rng) {
    const inputs = LENGTHS.map((T) => ({ label: `length T=${T}`, x: randomTensor(rng, [N, T, D]), h0: randomTensor(rng, [N, H], 0.5) }));
    const fdCoords: [string, number][] = [];
    for (const { name, shape } of expectedWeights) {
      const n = shape.reduce((a, b) => a * b, 1);
      const picks = name === 'Whh' ? 3 : 1;
      for (let k = 0; k < picks; k++) fdCoords.push([name, rng.int(0, n - 1)]);
    }
    return {
      args: { inputSize: D, hiddenSize: H },
      weights: { Wxh: randomTensor(rng, [D, H], 0.5), Whh: randomTensor(rng, [H, H], 0.4), b: randomTensor(rng, [H], 0.2) },
      inputs,
      grad: { x: randomTensor(rng, [N, T_GRAD, D]), h0: randomTensor(rng, [N, H], 0.5), dH: randomTensor(rng, [N, T_GRAD, H]), fdCoords, fdEps: FD_EPS },
    };
  },
  checks: {
    ...visibleChecks,

    'matches-reference': matchesReferenceCheck({ outputs: { h: tensor3 }, axes: AXES, what: 'hidden-state sequence' }),

    'gradient-matches-reference': gradientsCheck({
      against: 'reference',
      passed: `Your hand-written BPTT gradients match the reference autodiff for Wxh, Whh and b (T=${T_GRAD} steps).`,
      failed: 'Your backward() differs from the reference autodiff (same weights, sequence and dH)',
      hint: `A tied weight's gradient is the sum over all its uses. ${BPTT_HINT}`,
    }),
  },
});
