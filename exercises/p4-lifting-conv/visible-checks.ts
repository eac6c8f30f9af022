// Visible checks for p4-lifting-conv: they run in the learner's browser on a public plan (and again
// on the server as part of the grade), so they use only the learner's own answers, public formulas
// and the p4 group action applied here to the learner's own output.
import { z } from 'zod';
import { defineVisibleChecks, equivariance, paramCountCheck, rotationP4, tensorSchema } from '@tyinglab/grader/checks';
import type { Plan } from './probes';

export const K = 3;
export const C_IN = 2;
export const C_OUT = 3;
export const AXES = ['n', 'y', 'x', 'channel'];

const expectedWeights = [
  { name: 'kernel', shape: [K, K, C_IN, C_OUT] },
  { name: 'bias', shape: [C_OUT] },
];
const formula = `k·k·C_in·C_out + C_out = ${K}·${K}·${C_IN}·${C_OUT} + ${C_OUT} (one kernel bank; the four rotated copies add nothing)`;

export const tensor = tensorSchema({ rank: 4, maxSize: 1 << 14 });
const rotationSchema = z.strictObject({ fx: tensor, fRotated: tensor });

export const P4_HINT =
  ' Orientation r must use the kernel rotated r·90° counter-clockwise (rot(A)[i, j] = A[j, k−1−i], i.e. ' +
  'tf.reverse(tf.transpose(A, [1, 0, 2, 3]), [0]) applied r times), and output channel f·4 + r must hold feature f at orientation r.';

export default defineVisibleChecks<Plan>({
  'param-count': paramCountCheck({ expected: expectedWeights, formula }),

  'p4-equivariance': (ctx) => {
    const { fx, fRotated } = ctx.learner('rotation', rotationSchema);
    // 'same' zero padding with an odd kernel on a square image commutes with 90° rotations
    // exactly, so every output value is compared (no border margin).
    const out = equivariance({ fx, fTx: fRotated, outputTransform: rotationP4(1, 4), tolerance: ctx.tolerance, axes: AXES });
    if (out.passed) {
      return { ...out, message: `${out.message} Rotating the image rotates every feature map and moves orientation r to r+1 (mod 4).` };
    }
    return { ...out, message: out.message.replace(' The same weights must be applied at every position.', '') + P4_HINT };
  },
});
