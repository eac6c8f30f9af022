// Visible checks for p4-lifting-conv: they run in the learner's browser on a public plan (and again
// on the server as part of the grade), so they use only the learner's own answers, public formulas
// and the p4 group action applied here to the learner's own output.
import { z } from 'zod';
import {
  declaredVariables,
  defineVisibleChecks,
  equivariance,
  gradientReachSchema,
  noLeaksCheck,
  paramCountCheck,
  rotationP4,
  tensorSchema,
  variableContractSchema,
  weightsReached,
  type NumTensor,
  type WeightSpec,
} from '@tyinglab/grader/checks';
import type { LayerArgs, Plan } from './probes';

export const AXES = ['n', 'y', 'x', 'channel'];

export const expectedWeights = ({ kernelSize: k, inChannels, outChannels }: LayerArgs): WeightSpec[] => [
  { name: 'kernel', shape: [k, k, inChannels, outChannels] },
  { name: 'bias', shape: [outChannels] },
];
const formula = ({ kernelSize: k, inChannels, outChannels }: LayerArgs) =>
  `k·k·C_in·C_out + C_out = ${k}·${k}·${inChannels}·${outChannels} + ${outChannels} (one kernel bank; the four rotated copies add nothing)`;

export const tensor = tensorSchema({ rank: 4, maxSize: 1 << 14 });
const rotationSchema = z.strictObject({ fx: tensor, fRotated: tensor });
const variablesSchema = z.strictObject({ contract: variableContractSchema, reach: gradientReachSchema });
const OWNER = 'layer';

export const P4_HINT =
  ' Orientation r must use the kernel rotated r·90° counter-clockwise (rot(A)[i, j] = A[j, k−1−i], i.e. ' +
  'tf.reverse(tf.transpose(A, [1, 0, 2, 3]), [0]) applied r times), and output channel f·4 + r must hold feature f at orientation r.';

/**
 * True when `actual` differs from `expected` by a constant per channel (last axis), and somewhere by
 * more than the tolerance: then everything but a per-channel offset agrees, i.e. only the bias is
 * in the wrong place.
 */
export function onlyChannelOffset(actual: NumTensor, expected: NumTensor, tol: { atol: number; rtol: number }): boolean {
  if (actual.shape.join(',') !== expected.shape.join(',')) return false;
  const c = expected.shape[expected.shape.length - 1]!;
  let off = false;
  for (let ch = 0; ch < c; ch++) {
    let lo = Infinity;
    let hi = -Infinity;
    let scale = 0;
    for (let i = ch; i < expected.data.length; i += c) {
      const d = actual.data[i]! - expected.data[i]!;
      lo = Math.min(lo, d);
      hi = Math.max(hi, d);
      scale = Math.max(scale, Math.abs(expected.data[i]!));
    }
    if (hi - lo > 2 * (tol.atol + tol.rtol * scale)) return false;
    if (Math.max(Math.abs(lo), Math.abs(hi)) > tol.atol + tol.rtol * scale) off = true;
  }
  return off;
}

export const BIAS_HINT =
  ' Everything but a constant per channel agrees: the rotated kernels are right, the bias is not. Channel f·4 + r must get b_f, ' +
  'the same for the four orientations of feature f (tf.tile(bias, [4]) gives channel c the bias b_{c mod C_out} instead).';

export default defineVisibleChecks<Plan>({
  'param-count': paramCountCheck<Plan>({ expected: (plan) => expectedWeights(plan.args), formula: (plan) => formula(plan.args) }),

  'p4-equivariance': (ctx) => {
    const { fx, fRotated } = ctx.learner('rotation', rotationSchema);
    const [n, h, w] = ctx.plan.rotation.x.shape as [number, number, number];
    const want = [n, h, w, ctx.plan.args.outChannels * 4];
    // The shape first: the rotation of an output of another size says nothing about the layer.
    if (fx.shape.join(',') !== want.join(',')) {
      return {
        passed: false,
        message: `apply(x) returned shape [${fx.shape.join(', ')}] for an input of shape [${ctx.plan.rotation.x.shape.join(', ')}]; expected [${want.join(', ')}]: 'same' zero padding keeps the image size, and each of the C_out features has 4 orientation channels.`,
      };
    }
    // 'same' zero padding with an odd kernel on a square image commutes with 90° rotations
    // exactly, so every output value is compared (no border margin).
    const out = equivariance({ fx, fTx: fRotated, outputTransform: rotationP4(1, 4), tolerance: ctx.tolerance, axes: AXES });
    if (out.passed) {
      return { ...out, message: `${out.message} Rotating the image rotates every feature map and moves orientation r to r+1 (mod 4).` };
    }
    // The difference a bias in the wrong layout makes is a constant per channel: name it, not the rotations.
    const biasOnly = onlyChannelOffset(fRotated, rotationP4(1, 4).apply(fx), ctx.tolerance);
    return { ...out, message: out.message.replace(' The same weights must be applied at every position.', '') + (biasOnly ? BIAS_HINT : P4_HINT) };
  },

  // Gap 5: only declared weights are counted, set and trained, so an undeclared trainable variable
  // or a forward pass through copies of the declared ones is invisible to every numeric check.
  'weights-declared-and-used': (ctx) => {
    const { contract, reach } = ctx.learner('variables', variablesSchema);
    const declared = declaredVariables(contract, { owner: OWNER });
    return declared.passed ? weightsReached(reach, { owner: OWNER }) : declared;
  },

  'no-leaked-tensors': noLeaksCheck<Plan>(),
});
