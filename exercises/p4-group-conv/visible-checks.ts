// Visible checks for p4-group-conv: they run in the learner's browser on a public plan (and again
// on the server as part of the grade), so they use only the learner's own answers, public formulas
// and the p4 group action applied here to the learner's own outputs.
import { z } from 'zod';
import { defineVisibleChecks, equivariance, paramCountCheck, rotationP4, tensorSchema, type CheckOutcome } from '@tyinglab/grader/checks';
import type { Plan } from './probes';

export const K = 3;
export const C_IN = 2;
export const C_OUT = 2;
export const AXES = ['n', 'y', 'x', 'channel'];

const expectedWeights = [
  { name: 'kernel', shape: [K, K, C_IN, 4, C_OUT] },
  { name: 'bias', shape: [C_OUT] },
];
const formula = `k·k·C_in·4·C_out + C_out = ${K}·${K}·${C_IN}·4·${C_OUT} + ${C_OUT} (the four output orientations share them)`;

export const tensor = tensorSchema({ rank: 4, maxSize: 1 << 14 });
const pairSchema = z.strictObject({ fx: tensor, fRotated: tensor });

export const GROUP_HINT =
  ' Output orientation r must use the kernel with its orientation axis shifted by r ' +
  '(copy_r[.., s, ..] = kernel[.., (s − r) mod 4, ..]) AND rotated r·90° counter-clockwise in space ' +
  '(rot(A)[i, j] = A[j, k−1−i]); input channel m·4 + s, output channel o·4 + r.';

function withHint(out: CheckOutcome, passHint: string, failHint: string): CheckOutcome {
  const base = out.message.replace(' The same weights must be applied at every position.', '');
  return { ...out, message: out.passed ? `${base} ${passHint}` : base + failHint };
}

export default defineVisibleChecks<Plan>({
  'param-count': paramCountCheck({ expected: expectedWeights, formula }),

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
});
