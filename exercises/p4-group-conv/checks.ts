// Trusted checks for p4-group-conv (checker zone). The plan is built here from the per-run RNG;
// the learner's answers are validated and compared with the reference solution's, or (equivariance
// checks) with the p4 group action applied here to the learner's own outputs.
import { z } from 'zod';
import {
  defineChecks,
  equivariance,
  matchesReference,
  paramCount,
  rotationP4,
  tensorSchema,
  weightListSchema,
  type CheckOutcome,
  type NumTensor,
  type Rng,
} from '@tyinglab/grader';
import type { Plan } from './probes';

const K = 3;
const C_IN = 2;
const C_OUT = 2;
/** The image fed to the lifting layer in the two-layer check has this many channels. */
const IMG_C = 1;
const AXES = ['n', 'y', 'x', 'channel'];

const numel = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
const randomTensor = (rng: Rng, shape: number[], std = 1): NumTensor => ({ shape, data: rng.normals(numel(shape), std) });
const groupWeights = (rng: Rng, std: number): Record<string, NumTensor> => ({
  kernel: randomTensor(rng, [K, K, C_IN, 4, C_OUT], std),
  bias: randomTensor(rng, [C_OUT], std),
});

const expectedWeights = [
  { name: 'kernel', shape: [K, K, C_IN, 4, C_OUT] },
  { name: 'bias', shape: [C_OUT] },
];
const formula = `k·k·C_in·4·C_out + C_out = ${K}·${K}·${C_IN}·4·${C_OUT} + ${C_OUT} (the four output orientations share them)`;

const tensor = tensorSchema({ rank: 4, maxSize: 1 << 14 });
const declaredSchema = z.array(z.strictObject({ label: z.string(), weights: weightListSchema })).max(4);
const injectedSchema = z.array(z.strictObject({ label: z.string(), y: tensor })).max(4);
const pairSchema = z.strictObject({ fx: tensor, fRotated: tensor });

const GROUP_HINT =
  ' Output orientation r must use the kernel with its orientation axis shifted by r ' +
  '(copy_r[.., s, ..] = kernel[.., (s − r) mod 4, ..]) AND rotated r·90° counter-clockwise in space ' +
  '(rot(A)[i, j] = A[j, k−1−i]); input channel m·4 + s, output channel o·4 + r.';

function withHint(out: CheckOutcome, passHint: string, failHint: string): CheckOutcome {
  const base = out.message.replace(' The same weights must be applied at every position.', '');
  return { ...out, message: out.passed ? `${base} ${passHint}` : base + failHint };
}

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
    'param-count': (ctx) =>
      paramCount({ declared: ctx.learner('declared', declaredSchema), expected: expectedWeights, formula }),

    'matches-reference': (ctx) => {
      const mine = ctx.learner('injected', injectedSchema);
      const ref = ctx.reference('injected', injectedSchema);
      const out = matchesReference({
        cases: ref.map((r, i) => ({ label: r.label, expected: r.y, actual: mine[i]?.y ?? { shape: [], data: [] } })),
        tolerance: ctx.tolerance,
        axes: AXES,
      });
      return out.passed ? out : { ...out, message: out.message + GROUP_HINT };
    },

    'group-conv-equivariance': (ctx) => {
      const { fx, fRotated } = ctx.learner('rotation', pairSchema);
      // Exact everywhere: square map, odd kernel, symmetric 'same' zero padding.
      const out = equivariance({ fx, fTx: fRotated, outputTransform: rotationP4(1, 4), tolerance: ctx.tolerance, axes: AXES });
      return withHint(out, 'Rotating a p4 feature map (space rotated, orientations shifted by one) does the same to your output.', GROUP_HINT);
    },

    'two-layer-equivariance': (ctx) => {
      const { fx, fRotated } = ctx.learner('twoLayers', pairSchema);
      const out = equivariance({ fx, fTx: fRotated, outputTransform: rotationP4(1, 4), tolerance: ctx.tolerance, axes: AXES });
      return withHint(
        out,
        'Lifting → ReLU → group convolution: rotating the image rotates the output and shifts its orientations, through both layers.',
        ' The network is createP4Lifting → ReLU → createP4GroupConv on an image rotated 90° counter-clockwise. If the group-convolution check passes, look at your lifting layer (previous exercise): orientation r uses rot^r(kernel), channel f·4 + r.',
      );
    },
  },
});
