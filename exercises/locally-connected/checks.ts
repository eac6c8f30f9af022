// Trusted checks for locally-connected (checker zone). The plan is built here from the per-run RNG:
// kernel sizes, channels, image and batch sizes and the scale of the inputs are drawn within the
// statement's ranges, so no configuration can be special-cased. The visible checks (including the
// tied-copy check's plain-JS 'valid' convolution) live in visible-checks.ts (shipped to the
// browser); the hidden ones stay here.
import { defineChecks, describeOptimizer, layerGradientsCheck, matchesReferenceCheck, randomTensor, trainsLikeReferenceCheck, type NumTensor, type Rng } from '@tyinglab/grader/checks';
import type { LayerArgs, Plan, SizedCase } from './probes';
import visibleChecks, { AXES, expectedWeights, outSize, tensor } from './visible-checks';

/** The statement's ranges (statement.md, "Sizes"). */
const KERNEL_SIZES = [1, 2, 3];
const IN_CHANNELS: [number, number] = [1, 3];
const OUT_CHANNELS: [number, number] = [1, 4];
/** Output locations per side: from a single row or column up to this many. */
const MAX_OUT = 6;
/** Inputs are N(0, s²) with s log-uniform in this range: mistakes must show at every scale. */
const INPUT_SCALE: [number, number] = [0.1, 10];

const logUniform = (rng: Rng, [lo, hi]: [number, number]): number => Math.exp(rng.uniform(Math.log(lo), Math.log(hi)));

/** A layer for H_o × W_o output locations, with a kernel size other than `notK` when given. */
function drawArgs(rng: Rng, ho: number, wo: number, notK?: number): LayerArgs {
  const ks = KERNEL_SIZES.filter((k) => k !== notK);
  const k = ks[rng.int(0, ks.length - 1)]!;
  return { inChannels: rng.int(...IN_CHANNELS), outChannels: rng.int(...OUT_CHANNELS), kernelSize: k, height: ho + k - 1, width: wo + k - 1 };
}

/** Random weights of the statement's shapes; the bias as large as a window's typical output. */
function randomWeights(rng: Rng, a: LayerArgs, std: number): Record<string, NumTensor> {
  const [kernel, bias] = expectedWeights(a);
  return { kernel: randomTensor(rng, kernel!.shape, std), bias: randomTensor(rng, bias!.shape, std * 2) };
}

const describe = (a: LayerArgs) => `${a.height}×${a.width} images, k = ${a.kernelSize}, ${a.inChannels} → ${a.outChannels} channels`;
const batch = (rng: Rng, n: number, a: LayerArgs): NumTensor => randomTensor(rng, [n, a.height, a.width, a.inChannels], logUniform(rng, INPUT_SCALE));

export default defineChecks<Plan>({
  makePlan(rng) {
    // Two layers of different kernel sizes (a window hard-coded for one k fails on the other); the
    // second has a single output row or column and takes a batch of one.
    const first = drawArgs(rng, rng.int(2, MAX_OUT), rng.int(2, MAX_OUT));
    const single = rng.next() < 0.5;
    const second = drawArgs(rng, single ? 1 : rng.int(2, MAX_OUT), single ? rng.int(2, MAX_OUT) : 1, first.kernelSize);
    const cases: SizedCase[] = [
      { label: `a batch of ${2} for a layer on ${describe(first)}`, args: first, x: batch(rng, 2, first), weights: randomWeights(rng, first, 0.5) },
      { label: `a batch of 1 for a second layer alive at the same time, on ${describe(second)}`, args: second, x: batch(rng, 1, second), weights: randomWeights(rng, second, 0.5) },
    ];
    const n3 = rng.int(1, 3);

    // The same kernel and bias copied into every location.
    // k ≥ 2: a 1×1 window has no order to get wrong.
    const copyArgs = drawArgs(rng, rng.int(1, MAX_OUT), rng.int(2, MAX_OUT), 1);
    const [ho, wo] = outSize(copyArgs);
    const k = copyArgs.kernelSize;
    const baseKernel = randomTensor(rng, [k, k, copyArgs.inChannels, copyArgs.outChannels], 0.5);
    const baseBias = randomTensor(rng, [copyArgs.outChannels], 0.5);
    const repeat = (t: NumTensor, shape: number[]): NumTensor => ({ shape, data: Array.from({ length: ho * wo }, () => t.data).flat() });

    const gradArgs = drawArgs(rng, rng.int(1, 4), rng.int(2, 4));
    const gradX = batch(rng, rng.int(1, 2), gradArgs);
    const [gho, gwo] = outSize(gradArgs);

    const trainArgs = drawArgs(rng, rng.int(2, 4), rng.int(2, 4));
    const [tho, two] = outSize(trainArgs);
    return {
      cases,
      updated: { label: `a batch of ${n3} for the first layer after new weights were assigned to it`, x: batch(rng, n3, first), weights: randomWeights(rng, first, 0.5) },
      tiedCopy: {
        args: copyArgs,
        x: randomTensor(rng, [2, copyArgs.height, copyArgs.width, copyArgs.inChannels]),
        weights: { kernel: repeat(baseKernel, [ho, wo, k, k, copyArgs.inChannels, copyArgs.outChannels]), bias: repeat(baseBias, [ho, wo, copyArgs.outChannels]) },
        base: { kernel: baseKernel, bias: baseBias },
      },
      gradient: { args: gradArgs, weights: randomWeights(rng, gradArgs, 0.5), x: gradX, upstream: randomTensor(rng, [gradX.shape[0]!, gho, gwo, gradArgs.outChannels]) },
      train: {
        args: trainArgs,
        init: randomWeights(rng, trainArgs, 0.2),
        // Unit-scale data: plain SGD at this rate is stable for every drawn size, and a gradient off
        // by any factor moves the weights visibly differently within the 5 steps.
        x: randomTensor(rng, [2, trainArgs.height, trainArgs.width, trainArgs.inChannels]),
        y: randomTensor(rng, [2, tho, two, trainArgs.outChannels]),
        learningRate: 0.2,
        steps: 5,
      },
    };
  },
  checks: {
    ...visibleChecks,

    // Entries: [first layer], [second layer, alive at the same time], [first layer after new weights].
    'matches-reference': matchesReferenceCheck<Plan>({
      outputs: { y: tensor },
      axes: AXES,
      hint: ([a, b, updated]) => {
        if (!a && b) {
          return 'The layer created last matches the reference, the one created before it does not: creating a second layer must not change the first. Keep each layer\'s variables inside the object the factory returns.';
        }
        if (a && b && !updated) return 'After new values were assigned to weights(), your output no longer matches: apply() must read the variables on every call, not a copy made earlier.';
        return (
          'At location (i, j) use kernel[i, j] and bias[i, j] on the k×k window whose top-left pixel is (i, j), read in the kernel\'s axis order [k, k, C_in] ' +
          '(row offset a, then column offset c, then channel), with the locations in row-major order (i·W_o + j) on both sides.'
        );
      },
    }),

    'gradients-match-reference': layerGradientsCheck<Plan>({
      inputAxes: AXES,
      hint: 'Compute the output from the kernel and bias variables with tfjs operations (slices, reshapes, matMul): then every location\'s kernel receives the gradient of its own window.',
    }),

    'trains-like-reference': trainsLikeReferenceCheck<Plan>({ optimizer: (plan) => describeOptimizer({ kind: 'sgd', lr: plan.train.learningRate }), init: (plan) => plan.train.init }),
  },
});
