// Trusted checks for deepsets-permutation-invariance (checker zone). The plan is built here from
// the per-run RNG: D, H and O, the batch sizes, the set sizes (n = 1 among them) and the scale of
// the inputs are drawn within the statement's ranges. The visible checks live in visible-checks.ts
// (shipped to the browser); the hidden ones stay here.
import { defineChecks, layerGradientsCheck, matchesReferenceCheck, permutation, randomPermutation, randomTensor, type NumTensor, type Rng } from '@tyinglab/grader/checks';
import type { DeepSetArgs, LabelledInput, Plan } from './probes';
import visibleChecks, { AXES, expectedWeights, tensor } from './visible-checks';

/** The statement's ranges (statement.md, "Sizes"). */
const IN_DIM: [number, number] = [1, 4];
const HIDDEN: [number, number] = [2, 8];
const OUT_DIM: [number, number] = [1, 3];
const BATCH: [number, number] = [1, 3];
const SET_SIZE: [number, number] = [2, 9];
/** Inputs are N(0, s²) with s log-uniform in this range: mistakes must show at every scale. */
const INPUT_SCALE: [number, number] = [0.1, 10];

const logUniform = (rng: Rng, [lo, hi]: [number, number]): number => Math.exp(rng.uniform(Math.log(lo), Math.log(hi)));

const drawArgs = (rng: Rng): DeepSetArgs => ({ inDim: rng.int(...IN_DIM), hidden: rng.int(...HIDDEN), outDim: rng.int(...OUT_DIM) });

/** He-like scales for the matrices (first axis = fan-in); biases as large as a unit's typical input, so a dropped or doubled bias shows. */
function randomWeights(rng: Rng, args: DeepSetArgs): Record<string, NumTensor> {
  const weights: Record<string, NumTensor> = {};
  for (const w of expectedWeights(args)) weights[w.name] = randomTensor(rng, w.shape, w.shape.length === 2 ? Math.sqrt(2 / w.shape[0]!) : 0.5);
  return weights;
}

/** Like randomWeights, with the biases before a ReLU positive (0.5 – 1). */
function liveWeights(rng: Rng, args: DeepSetArgs): Record<string, NumTensor> {
  const weights = randomWeights(rng, args);
  for (const name of ['phiB1', 'phiB2', 'rhoB1']) weights[name] = { ...weights[name]!, data: rng.uniforms(weights[name]!.data.length, 0.5, 1) };
  return weights;
}

function sets(rng: Rng, b: number, n: number, args: DeepSetArgs, extra = ''): LabelledInput {
  return { label: `a batch of ${b} set${b === 1 ? '' : 's'} of ${n} element${n === 1 ? '' : 's'}${extra}`, x: randomTensor(rng, [b, n, args.inDim], logUniform(rng, INPUT_SCALE)) };
}
const describeArgs = (a: DeepSetArgs) => `D=${a.inDim}, H=${a.hidden}, O=${a.outDim}`;

export default defineChecks<Plan>({
  makePlan(rng) {
    const args = drawArgs(rng);
    const other = drawArgs(rng);
    const n = rng.int(...SET_SIZE);
    const x = sets(rng, rng.int(...BATCH), rng.int(3, SET_SIZE[1]), args).x;
    const perm = randomPermutation(rng, x.shape[1]!);
    const grad = sets(rng, rng.int(...BATCH), rng.int(...SET_SIZE), args).x;
    const rows = rng.int(1, 6);
    const pooledRows = rng.int(...BATCH);
    return {
      args,
      weights: randomWeights(rng, args),
      inputs: [
        { label: `a batch of sets of ${n} elements`, n, x: sets(rng, rng.int(...BATCH), n, args).x },
        { label: 'a batch of one-element sets', n: 1, x: sets(rng, rng.int(...BATCH), 1, args).x },
      ],
      injected: {
        weights: randomWeights(rng, args),
        sets: [sets(rng, rng.int(...BATCH), rng.int(...SET_SIZE), args), sets(rng, rng.int(...BATCH), 1, args)],
        other: { args: other, weights: randomWeights(rng, other), sets: sets(rng, rng.int(...BATCH), rng.int(...SET_SIZE), other, ` in a second model alive at the same time (${describeArgs(other)})`) },
        updated: { weights: randomWeights(rng, args), sets: sets(rng, rng.int(...BATCH), rng.int(...SET_SIZE), args, ' after new weights were assigned to the first model') },
        phi: { label: `phi(x) on ${rows} row${rows === 1 ? '' : 's'}`, x: randomTensor(rng, [rows, args.inDim], logUniform(rng, INPUT_SCALE)) },
        // Pooled vectors are sums of n relu outputs: positive and of the size of a few of them.
        rho: { label: `rho(s) on ${pooledRows} pooled vector${pooledRows === 1 ? '' : 's'}`, x: { shape: [pooledRows, args.hidden], data: rng.uniforms(pooledRows * args.hidden, 0, 3) } },
      },
      // Positive biases keep enough ReLU units alive that the output moves with the input (with a
      // narrow φ and ρ, random initial weights can leave every unit dead and the output constant).
      permuted: { weights: liveWeights(rng, args), x, perm, px: permutation(perm, { axis: 1 }).apply(x), other: randomTensor(rng, x.shape, 1) },
      grad: { x: grad, g: randomTensor(rng, [grad.shape[0]!, args.outDim]) },
    };
  },
  checks: {
    ...visibleChecks,

    // Entries: [apply, n ≥ 2], [second model], [apply, n = 1], [phi], [rho], [apply after new weights].
    'matches-reference': matchesReferenceCheck<Plan>({
      outputs: { y: tensor },
      axes: AXES,
      hint: ([many, other, one, phi, rho, updated]) => {
        if (!phi) return 'phi(x) itself differs: φ(v) = relu(relu(v W1φ + b1φ) W2φ + b2φ), on every row of x.';
        if (!rho) return 'rho(s) itself differs: ρ(s) = relu(s W1ρ + b1ρ) W2ρ + b2ρ (no activation after the second layer), on every row of s.';
        if (one && !many) {
          return 'Single-element sets match, larger ones do not: look at the pooling (a sum over the elements, not a mean or a max) and at where ρ is applied (once, after the sum).';
        }
        if (!many && !one && other) return "The model created last matches the reference, the one created before it does not: keep each model's variables inside the object createDeepSet returns.";
        if (many && one && !updated) return 'After new values were assigned to weights(), your output no longer matches: apply(), phi() and rho() must read the variables on every call.';
        return undefined;
      },
    }),

    'gradients-match-reference': layerGradientsCheck<Plan>({
      call: 'apply(x)',
      inputAxes: ['set', 'element', 'feature'],
      hint: (off) =>
        off.some((n) => n.startsWith('phi'))
          ? "φ's weights are used once per element: apply() must send every element through the same variables with tfjs operations, and autodiff sums the contributions."
          : 'apply() must compute ρ from the variables weights() returns, with tfjs operations.',
    }),
  },
});
