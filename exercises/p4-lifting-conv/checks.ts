// Trusted checks for p4-lifting-conv (checker zone). The plan is built here from the per-run RNG:
// kernel size, channels, batch and image sizes and the scale of the inputs are drawn within the
// statement's ranges, so no configuration can be special-cased. The visible checks live in
// visible-checks.ts (shipped to the browser); the hidden ones stay here.
import { z } from 'zod';
import { defineChecks, layerGradientsCheck, matchesReferenceCheck, randomTensor, rotationP4, type NumTensor, type Rng } from '@tyinglab/grader/checks';
import type { LabelledInput, LayerArgs, Plan } from './probes';
import visibleChecks, { AXES, BIAS_HINT, P4_HINT, expectedWeights, onlyChannelOffset, tensor } from './visible-checks';

/** The statement's ranges (statement.md, "Sizes"). Odd kernels: 'same' padding then commutes with 90° rotations exactly. */
const KERNEL_SIZES = [1, 3, 5];
const IN_CHANNELS: [number, number] = [1, 3];
const OUT_CHANNELS: [number, number] = [1, 4];
/** Inputs are N(0, s²) with s log-uniform in this range: mistakes must show at every scale. */
const INPUT_SCALE: [number, number] = [0.1, 10];

const logUniform = (rng: Rng, [lo, hi]: [number, number]): number => Math.exp(rng.uniform(Math.log(lo), Math.log(hi)));

/**
 * `other`: another kernel size than `notKernelSize`, and 2 or more input channels and features, in
 * different numbers: with one feature every channel layout is the same, and with C_in = C_out a
 * transpose that mixes up the two channel axes keeps the kernel's shape.
 */
function drawArgs(rng: Rng, other?: { notKernelSize: number }): LayerArgs {
  const ks = KERNEL_SIZES.filter((k) => k !== other?.notKernelSize);
  const kernelSize = ks[rng.int(0, ks.length - 1)]!;
  if (!other) return { kernelSize, inChannels: rng.int(...IN_CHANNELS), outChannels: rng.int(...OUT_CHANNELS) };
  const inChannels = rng.int(2, IN_CHANNELS[1]);
  const outs = [2, 3, 4].filter((c) => c !== inChannels && c <= OUT_CHANNELS[1]);
  return { kernelSize, inChannels, outChannels: outs[rng.int(0, outs.length - 1)]! };
}

/**
 * Weights of the statement's shapes. The bias is as large as the kernel's typical output, and
 * different for every feature, so a bias in the wrong channel layout is far beyond the tolerance.
 */
function randomWeights(rng: Rng, args: LayerArgs, std: number): Record<string, NumTensor> {
  const [kernel, bias] = expectedWeights(args);
  return { kernel: randomTensor(rng, kernel!.shape, std), bias: randomTensor(rng, bias!.shape, std * 2) };
}

/** A batch of images at a random scale, labelled by its sizes (never its values). Images are never smaller than the kernel. */
function image(rng: Rng, n: number, h: number, w: number, args: LayerArgs, extra = ''): LabelledInput {
  return { label: `a ${n}×${h}×${w}×${args.inChannels} batch${extra}`, x: randomTensor(rng, [n, h, w, args.inChannels], logUniform(rng, INPUT_SCALE)) };
}
const layerLabel = (a: LayerArgs) => `k = ${a.kernelSize}, ${a.inChannels} → ${a.outChannels}·4 channels`;

const injectedSchema = z.array(z.strictObject({ label: z.string(), y: tensor.nullable() }));

/** Every entry differs from the reference's by a constant per channel only (kernels right, bias misplaced). */
const onlyBiasDiffers = (mine: z.infer<typeof injectedSchema>, ref: z.infer<typeof injectedSchema>, tol: { atol: number; rtol: number }): boolean =>
  ref.every((r, e) => {
    const a = mine[e]?.y;
    return !!a && !!r.y && (onlyChannelOffset(a, r.y, tol) || a.data.every((v, i) => Math.abs(v - r.y!.data[i]!) <= tol.atol + tol.rtol * Math.abs(r.y!.data[i]!)));
  }) && ref.some((r, e) => !!mine[e]?.y && onlyChannelOffset(mine[e]!.y!, r.y!, tol));

const comparedPlain = matchesReferenceCheck<Plan>({ outputs: { y: tensor }, axes: AXES });
const compared = matchesReferenceCheck<Plan>({
  outputs: { y: tensor },
  axes: AXES,
  // Entries: [first layer, size A], [second layer], [first layer, size B], [first layer after new weights].
  hint: ([a, other, b, updated], plan) => {
    if (a && b && !other) {
      return (
        `Your layer matches for ${layerLabel(plan.args)} but not for a second layer with ${layerLabel(plan.injected.other.args)}: ` +
        'is the rotation or the padding written for one kernel size, or is something shared between two layers (variables at module level)?'
      );
    }
    if (!a && !b && other) {
      return "The layer created last matches the reference, the one created before it does not: creating a second layer must not change the first. Keep each layer's variables inside the object createP4Lifting returns.";
    }
    if (a && b && !updated) {
      return 'After new values were assigned to weights(), your output no longer matches: build the rotated copies from the kernel variable on every call, not once (a kept copy never sees new or trained weights).';
    }
    return P4_HINT.trimStart();
  },
});

export default defineChecks<Plan>({
  makePlan(rng) {
    const args = drawArgs(rng);
    // The second layer always has another kernel size: a rotation or padding written for one k fails.
    const otherArgs = drawArgs(rng, { notKernelSize: args.kernelSize });
    const k = args.kernelSize;
    // A larger batch, and a batch of one with a thin, non-square image.
    const sizes = () => [image(rng, rng.int(2, 3), rng.int(Math.max(k, 4), 9), rng.int(Math.max(k, 4), 9), args), image(rng, 1, rng.int(k, k + 2), rng.int(k + 3, 11), args)];
    const side = rng.int(Math.max(k, 4), 9);
    const x = randomTensor(rng, [rng.int(1, 2), side, side, args.inChannels], logUniform(rng, INPUT_SCALE));
    const gradX = image(rng, rng.int(1, 2), rng.int(k, 8), rng.int(k, 8), args).x;
    const [gn, gh, gw] = gradX.shape as [number, number, number];
    return {
      args,
      inputs: sizes(),
      injected: {
        weights: randomWeights(rng, args, 0.5),
        inputs: sizes().map((i) => ({ ...i, label: `${i.label} (${layerLabel(args)})` })),
        other: {
          args: otherArgs,
          weights: randomWeights(rng, otherArgs, 0.5),
          input: image(rng, rng.int(1, 2), rng.int(otherArgs.kernelSize, 8), rng.int(otherArgs.kernelSize, 8), otherArgs, ` in a second layer alive at the same time (${layerLabel(otherArgs)})`),
        },
        updated: { weights: randomWeights(rng, args, 0.5), input: image(rng, rng.int(1, 3), rng.int(k, 8), rng.int(k, 8), args, ' after new weights were assigned to the first layer') },
      },
      rotation: { weights: randomWeights(rng, args, 0.5), x, rotated: rotationP4(1, 1).apply(x) },
      gradient: { weights: randomWeights(rng, args, 0.5), x: gradX, upstream: randomTensor(rng, [gn, gh, gw, args.outChannels * 4]) },
    };
  },
  checks: {
    ...visibleChecks,

    'matches-reference': (ctx) => {
      // A bias in the wrong channel layout leaves the kernels right: say so, not "rotate the kernel".
      if (onlyBiasDiffers(ctx.learner('injected', injectedSchema), ctx.reference('injected', injectedSchema), ctx.tolerance)) {
        const out = comparedPlain(ctx);
        return {
          ...out,
          message: `${out.message}${BIAS_HINT}`,
        };
      }
      return compared(ctx);
    },

    // Autodiff through the learner's apply() against autodiff through the reference's, for the
    // kernel, the bias and the input.
    'gradient-through-rotations': layerGradientsCheck<Plan>({
      probe: 'gradient',
      inputAxes: AXES,
      hint: (off) =>
        off.includes('kernel')
          ? "A tied weight's gradient is the sum over all its uses: build the rotated copies from the kernel variable with tf operations inside apply(), " +
            'so each copy passes its gradient back (rotated back) to the one kernel.'
          : "The bias of feature f is used by its four orientation channels f·4 + r, so its gradient is the sum of those four channels' gradients: add b_f to exactly those channels.",
    }),
  },
});
