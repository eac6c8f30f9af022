// Trusted checks for p4-group-conv (checker zone). The plan is built here from the per-run RNG:
// kernel sizes, channels, batch and map sizes and the scale of the inputs are drawn within the
// statement's ranges, so no configuration can be special-cased. The visible checks live in
// visible-checks.ts (shipped to the browser); the hidden ones stay here.
import { z } from 'zod';
import { defineChecks, layerGradients, layerGradientsSchema, matchesReferenceCheck, randomTensor, rotationP4, type NumTensor, type Rng, type WeightSpec } from '@tyinglab/grader/checks';
import type { LabelledInput, LayerArgs, Plan } from './probes';
import visibleChecks, { AXES, GROUP_HINT, expectedWeights, liftingWeights, tensor } from './visible-checks';

/** The statement's ranges (statement.md, "Sizes"). Odd kernels: 'same' padding then commutes with 90° rotations exactly. */
const KERNEL_SIZES = [1, 3, 5];
const FEATURES: [number, number] = [1, 3];
const IMAGE_CHANNELS: [number, number] = [1, 2];
/** Inputs are N(0, s²) with s log-uniform in this range: mistakes must show at every scale. */
const INPUT_SCALE: [number, number] = [0.1, 10];

const logUniform = (rng: Rng, [lo, hi]: [number, number]): number => Math.exp(rng.uniform(Math.log(lo), Math.log(hi)));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(0, xs.length - 1)]!;

/**
 * A group convolution's sizes. `other`: another kernel size than `notKernelSize`, and 2 or more
 * input and output features, in different numbers (with one feature every channel layout is the
 * same, and with C_in = C_out a mix-up of the two feature axes keeps the kernel's shape).
 */
function drawArgs(rng: Rng, other?: { notKernelSize: number }): LayerArgs {
  const kernelSize = pick(rng, KERNEL_SIZES.filter((k) => k !== other?.notKernelSize));
  if (!other) return { kernelSize, inChannels: rng.int(...FEATURES), outChannels: rng.int(...FEATURES) };
  const inChannels = rng.int(2, FEATURES[1]);
  return { kernelSize, inChannels, outChannels: pick(rng, [2, 3].filter((c) => c !== inChannels)) };
}

/** Random weights of the given shapes; the bias as large as a window's typical output, so a missing or misplaced bias shows. */
function randomWeights(rng: Rng, specs: WeightSpec[], std: number): Record<string, NumTensor> {
  const [kernel, bias] = specs;
  return { kernel: randomTensor(rng, kernel!.shape, std), bias: randomTensor(rng, bias!.shape, std * 2) };
}

/** A batch at a random scale, labelled by its sizes (never its values); maps are never smaller than the kernel. */
function batch(rng: Rng, n: number, h: number, w: number, c: number, what: string): LabelledInput {
  return { label: `a ${n}×${h}×${w}×${c} ${what}`, x: randomTensor(rng, [n, h, w, c], logUniform(rng, INPUT_SCALE)) };
}
const layerLabel = (a: LayerArgs) => `k = ${a.kernelSize}, ${a.inChannels}·4 → ${a.outChannels}·4 channels`;

const injected = matchesReferenceCheck<Plan>({
  outputs: { y: tensor },
  axes: AXES,
  // Entries: [first, map A], [second, alive at the same time], [first, map B], [first after new weights], [lifting] × 2.
  hint: ([a, other, b, updated, ...lifting], plan) => {
    const group = [a, other, b, updated];
    if (group.every(Boolean) && lifting.some((m) => !m)) {
      return (
        'Your group convolution matches the reference; your lifting layer (createP4Lifting) does not. As in the previous exercise: ' +
        "'same' zero padding, orientation r correlates with rot^r of the kernel, output channel f·4 + r, and one bias b_f added to the four orientation channels of feature f."
      );
    }
    if (a && b && !other) {
      return (
        `Your group convolution matches for ${layerLabel(plan.args)} but not for a second one with ${layerLabel(plan.injected.other.args)}: ` +
        'is a rotation, a shift or the padding written for one size, or is something shared between two layers (variables at module level)?'
      );
    }
    if (!a && !b && other) {
      return "The layer created last matches the reference, the one created before it does not: creating a second layer must not change the first. Keep each layer's variables inside the object the factory returns.";
    }
    if (a && b && !updated) {
      return 'After new values were assigned to weights(), your output no longer matches: build the shifted and rotated copies from the kernel variable on every call, not once.';
    }
    return GROUP_HINT.trimStart();
  },
});

const gradientsSchema = z.strictObject({ groupConv: layerGradientsSchema, network: layerGradientsSchema });

export default defineChecks<Plan>({
  makePlan(rng) {
    const args = drawArgs(rng);
    const other = drawArgs(rng, { notKernelSize: args.kernelSize });
    const k = args.kernelSize;
    const cin = args.inChannels * 4;
    const maps = () => [
      batch(rng, rng.int(2, 3), rng.int(Math.max(k, 4), 8), rng.int(Math.max(k, 4), 8), cin, 'p4 feature map'),
      batch(rng, 1, rng.int(k, k + 2), rng.int(k + 3, 10), cin, 'p4 feature map'),
    ];
    // The lifting layer alone: 2 or 3 features, so a bias in the wrong channel layout shows.
    const liftArgs: LayerArgs = { kernelSize: pick(rng, KERNEL_SIZES), inChannels: rng.int(...IMAGE_CHANNELS), outChannels: rng.int(2, FEATURES[1]) };
    const lk = liftArgs.kernelSize;
    const side = rng.int(Math.max(k, 4), 8);
    const f = randomTensor(rng, [rng.int(1, 2), side, side, cin], logUniform(rng, INPUT_SCALE));
    // The image of the two-layer network: lifting to exactly the group convolution's input features,
    // with a kernel of 3 or 5 (a 1×1 kernel is its own rotation in every direction).
    const netLift: LayerArgs = { kernelSize: pick(rng, [3, 5]), inChannels: rng.int(...IMAGE_CHANNELS), outChannels: args.inChannels };
    const imgSide = rng.int(Math.max(k, netLift.kernelSize, 4), 8);
    const img = randomTensor(rng, [rng.int(1, 2), imgSide, imgSide, netLift.inChannels], logUniform(rng, INPUT_SCALE));
    const gradF = batch(rng, rng.int(1, 2), rng.int(k, 7), rng.int(k, 7), cin, 'p4 feature map').x;
    const gradImg = batch(rng, rng.int(1, 2), rng.int(Math.max(k, netLift.kernelSize), 7), rng.int(Math.max(k, netLift.kernelSize), 7), netLift.inChannels, 'image').x;
    const outShape = (t: NumTensor) => [t.shape[0]!, t.shape[1]!, t.shape[2]!, args.outChannels * 4];
    return {
      args,
      inputs: maps(),
      injected: {
        weights: randomWeights(rng, expectedWeights(args), 0.5),
        inputs: maps().map((i) => ({ ...i, label: `${i.label} (${layerLabel(args)})` })),
        other: {
          args: other,
          weights: randomWeights(rng, expectedWeights(other), 0.5),
          input: batch(rng, rng.int(1, 2), rng.int(other.kernelSize, 7), rng.int(other.kernelSize, 7), other.inChannels * 4, `p4 feature map in a second group convolution alive at the same time (${layerLabel(other)})`),
        },
        updated: {
          weights: randomWeights(rng, expectedWeights(args), 0.5),
          input: batch(rng, rng.int(1, 3), rng.int(k, 8), rng.int(k, 8), cin, 'p4 feature map after new weights were assigned to the first group convolution'),
        },
        lifting: ((inputs) => ({
          args: liftArgs,
          weights: randomWeights(rng, liftingWeights(liftArgs), 0.5),
          inputs,
          upstream: randomTensor(rng, [...inputs[0]!.x.shape.slice(0, 3), liftArgs.outChannels * 4]),
        }))([
          batch(rng, rng.int(2, 3), rng.int(Math.max(lk, 4), 8), rng.int(Math.max(lk, 4), 8), liftArgs.inChannels, `image for createP4Lifting (k = ${lk})`),
          batch(rng, 1, rng.int(lk, lk + 2), rng.int(lk + 3, 10), liftArgs.inChannels, `image for createP4Lifting (k = ${lk})`),
        ]),
      },
      rotation: { weights: randomWeights(rng, expectedWeights(args), 0.5), x: f, rotated: rotationP4(1, 4).apply(f) },
      twoLayers: {
        liftingArgs: netLift,
        liftingWeights: randomWeights(rng, liftingWeights(netLift), 0.7),
        weights: randomWeights(rng, expectedWeights(args), 0.5),
        x: img,
        rotated: rotationP4(1, 1).apply(img),
      },
      gradient: {
        weights: randomWeights(rng, expectedWeights(args), 0.5),
        x: gradF,
        upstream: randomTensor(rng, outShape(gradF)),
        liftingArgs: netLift,
        liftingWeights: randomWeights(rng, liftingWeights(netLift), 0.7),
        image: gradImg,
        networkUpstream: randomTensor(rng, outShape(gradImg)),
      },
    };
  },
  checks: {
    ...visibleChecks,

    'matches-reference': injected,

    // The group convolution first (its input and weights); when it is right, the lifting layer's
    // weights through the two-layer network, which then can only fail because of the lifting layer.
    'gradients-match-reference': (ctx) => {
      const mine = ctx.learner('gradients', gradientsSchema);
      const ref = ctx.reference('gradients', gradientsSchema);
      const group = layerGradients(mine.groupConv, ref.groupConv, ctx.tolerance, {
        call: 'createP4GroupConv: apply(f)',
        inputAxes: AXES,
        hint: (off) =>
          off.includes('kernel')
            ? "The kernel is used by all four output orientations, so its gradient is the sum of the four copies' gradients (each shifted and rotated back): build the copies from the kernel variable with tf operations inside apply()."
            : 'The bias of feature o is used by its four orientation channels o·4 + r: its gradient is the sum of theirs.',
      });
      if (!group.passed) return group;
      const net = layerGradients(mine.network, ref.network, ctx.tolerance, {
        call: 'createP4GroupConv(ReLU(createP4Lifting(x)))',
        inputAxes: AXES,
        hint: () => "Your group convolution's gradients are right, so look at your lifting layer: build its four rotated copies from its kernel variable with tf operations inside apply().",
      });
      if (!net.passed) return { ...net, message: `Your group convolution's gradients match the reference, but through the two-layer network: ${net.message}` };
      return {
        passed: true,
        message: 'The gradients of both layers (and with respect to the input) match the reference: every tied copy passes its share back to its kernel.',
        facts: [...(group.facts ?? []), ...(net.facts ?? [])].slice(0, 10),
      };
    },
  },
});
