// Trusted checks for tied-conv2d (checker zone). The plan is built here from the per-run RNG:
// every size the statement leaves free (kernel size, channels, batch and image sizes, the shift) and
// the scale of the inputs are drawn, so no configuration can be special-cased. The visible checks
// live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import {
  defineChecks,
  describeOptimizer,
  layerGradientsCheck,
  matchesReferenceCheck,
  randomTensor,
  trainsLikeReferenceCheck,
  translation,
  type NumTensor,
  type Rng,
} from '@tyinglab/grader/checks';
import type { LabelledInput, LayerArgs, Plan } from './probes';
import visibleChecks, { AXES, equivarianceMargin, expectedWeights, tensor } from './visible-checks';

/** The statement's ranges (statement.md, "Sizes"). */
const KERNEL_SIZES = [1, 3, 5];
const IN_CHANNELS: [number, number] = [1, 4];
const OUT_CHANNELS: [number, number] = [1, 8];
/** Inputs are N(0, s²) with s log-uniform in this range: mistakes must show at every scale. */
const INPUT_SCALE: [number, number] = [0.1, 10];

function drawArgs(rng: Rng, notKernelSize?: number): LayerArgs {
  const ks = KERNEL_SIZES.filter((k) => k !== notKernelSize);
  return { kernelSize: ks[rng.int(0, ks.length - 1)]!, inChannels: rng.int(...IN_CHANNELS), outChannels: rng.int(...OUT_CHANNELS) };
}

/**
 * Weights of the statement's shapes. The bias is as large as the kernel's typical output so a
 * missing, per-pixel or mis-broadcast bias is far beyond the tolerance.
 */
function randomWeights(rng: Rng, args: LayerArgs, std: number): Record<string, NumTensor> {
  const [kernel, bias] = expectedWeights(args);
  return { kernel: randomTensor(rng, kernel!.shape, std), bias: randomTensor(rng, bias!.shape, std * 2) };
}

const logUniform = (rng: Rng, [lo, hi]: [number, number]): number => Math.exp(rng.uniform(Math.log(lo), Math.log(hi)));

/** A batch of images [n, h, w, C_in] at a random scale, labelled by its sizes (never its values). */
function image(rng: Rng, n: number, h: number, w: number, args: LayerArgs, extra = ''): LabelledInput {
  return {
    label: `a ${n}×${h}×${w}×${args.inChannels} batch${extra}`,
    x: randomTensor(rng, [n, h, w, args.inChannels], logUniform(rng, INPUT_SCALE)),
  };
}
const layerLabel = (a: LayerArgs) => `k = ${a.kernelSize}, ${a.inChannels} → ${a.outChannels} channels`;

export default defineChecks<Plan>({
  makePlan(rng) {
    const args = drawArgs(rng);
    // The second layer always has another kernel size: padding or windows hard-coded for one k fail.
    const otherArgs = drawArgs(rng, args.kernelSize);
    // Images are never smaller than the kernel (statement): a 'valid' convolution of a smaller image
    // gives a negative size, which the wasm backend does not refuse but later crashes on.
    const k = args.kernelSize;
    // A larger batch, and a batch of one with a thin, non-square image (1 pixel high when k = 1).
    const sizes = () => [image(rng, rng.int(2, 3), rng.int(Math.max(k, 4), 10), rng.int(Math.max(k, 4), 10), args), image(rng, 1, rng.int(k, k + 2), rng.int(k + 3, 12), args)];

    const [dy, dx] = rng.next() < 0.5 ? [rng.int(1, 3) * (rng.next() < 0.5 ? -1 : 1), rng.int(-3, 3)] : [rng.int(-3, 3), rng.int(1, 3) * (rng.next() < 0.5 ? -1 : 1)];
    const margin = equivarianceMargin(args.kernelSize, dy, dx);
    const shiftX = randomTensor(rng, [rng.int(1, 2), 2 * margin + rng.int(2, 5), 2 * margin + rng.int(2, 5), args.inChannels], logUniform(rng, INPUT_SCALE));

    const gradX = image(rng, rng.int(1, 2), rng.int(k, 8), rng.int(k, 8), args).x;
    const [, gh, gw] = gradX.shape as [number, number, number];
    const trainShape = [2, rng.int(5, 8), rng.int(5, 8)];
    return {
      args,
      inputs: sizes(),
      injected: {
        weights: randomWeights(rng, args, 0.3),
        inputs: sizes().map((i) => ({ ...i, label: `${i.label} (${layerLabel(args)})` })),
        other: { args: otherArgs, weights: randomWeights(rng, otherArgs, 0.3), input: image(rng, rng.int(1, 2), rng.int(otherArgs.kernelSize, 9), rng.int(otherArgs.kernelSize, 9), otherArgs, ` in a second layer alive at the same time (${layerLabel(otherArgs)})`) },
        updated: { weights: randomWeights(rng, args, 0.3), input: image(rng, rng.int(1, 3), rng.int(k, 9), rng.int(k, 9), args, ' after new weights were assigned to the first layer') },
      },
      shift: { dy, dx, x: shiftX, shifted: translation(dy, dx, 'zero').apply(shiftX) },
      gradient: { weights: randomWeights(rng, args, 0.3), x: gradX, upstream: randomTensor(rng, [gradX.shape[0]!, gh, gw, args.outChannels]) },
      train: {
        init: randomWeights(rng, args, 0.2),
        // Unit-scale data keeps plain SGD at this rate stable for every drawn size; a gradient off by
        // any factor then moves the weights visibly differently within the 6 steps.
        x: randomTensor(rng, [...trainShape, args.inChannels]),
        y: randomTensor(rng, [...trainShape, args.outChannels]),
        learningRate: 0.1,
        steps: 6,
      },
    };
  },
  checks: {
    ...visibleChecks,

    // Entries: [first layer, size A], [second layer], [first layer, size B], [first layer after new weights].
    'matches-reference': matchesReferenceCheck<Plan>({
      outputs: { y: tensor },
      axes: AXES,
      hint: ([a, other, b, updated], plan) => {
        if (a && b && !other) {
          return (
            `Your layer matches for ${layerLabel(plan.args)} but not for a second layer with ${layerLabel(plan.injected.other.args)}: ` +
            'is something fixed for one configuration (the padding r = ⌊k/2⌋, the kernel size, the channels), or shared between two layers (variables at module level)?'
          );
        }
        if (!a && !b && other) {
          return (
            'The layer created last matches the reference, the one created before it does not: creating a second layer must not change the first. ' +
            'Keep each layer\'s variables inside the object createTiedConv2d returns (not in module-level variables).'
          );
        }
        if (a && b && !updated) return 'After new values were assigned to weights(), your output no longer matches: apply() must read the variables on every call, not a copy made earlier.';
        if (!a && !b) return "Use one kernel bank [k, k, C_in, C_out] as tf.conv2d expects it (a cross-correlation: do not flip it), 'same' zero padding (r = ⌊k/2⌋ on each side) and one bias per output channel.";
        return undefined;
      },
    }),

    'gradients-match-reference': layerGradientsCheck<Plan>({
      inputAxes: AXES,
      hint: "The kernel's gradient is the sum of its uses at every pixel: compute the output from the kernel and bias variables with tfjs operations and autodiff adds them up.",
    }),

    'trains-like-reference': trainsLikeReferenceCheck<Plan>({ optimizer: (plan) => describeOptimizer({ kind: 'sgd', lr: plan.train.learningRate }), init: (plan) => plan.train.init }),
  },
});
