// Visible checks for p4-group-conv: they run in the learner's browser on a public plan (and again
// on the server as part of the grade), so they use only the learner's own answers, public formulas
// and the p4 group action applied here to the learner's own outputs.
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
  type CheckOutcome,
  type NumTensor,
  type WeightSpec,
} from '@tyinglab/grader/checks';
import type { LayerArgs, Plan } from './probes';

export const AXES = ['n', 'y', 'x', 'channel'];

export const expectedWeights = ({ kernelSize: k, inChannels, outChannels }: LayerArgs): WeightSpec[] => [
  { name: 'kernel', shape: [k, k, inChannels, 4, outChannels] },
  { name: 'bias', shape: [outChannels] },
];
export const liftingWeights = ({ kernelSize: k, inChannels, outChannels }: LayerArgs): WeightSpec[] => [
  { name: 'kernel', shape: [k, k, inChannels, outChannels] },
  { name: 'bias', shape: [outChannels] },
];
const formula = ({ kernelSize: k, inChannels, outChannels }: LayerArgs) =>
  `k·k·C_in·4·C_out + C_out = ${k}·${k}·${inChannels}·4·${outChannels} + ${outChannels} (the four output orientations share them)`;

export const tensor = tensorSchema({ rank: 4, maxSize: 1 << 14 });
const pairSchema = z.strictObject({ fx: tensor, fRotated: tensor });
const contractSchema = z.strictObject({ contract: variableContractSchema, reach: gradientReachSchema });
const variablesSchema = z.strictObject({ groupConv: contractSchema, lifting: contractSchema });

export const GROUP_HINT =
  ' Output orientation r must use the kernel with its orientation axis shifted by r ' +
  '(copy_r[.., s, ..] = kernel[.., (s − r) mod 4, ..]) AND rotated r·90° counter-clockwise in space ' +
  '(rot(A)[i, j] = A[j, k−1−i]); input channel m·4 + s, output channel o·4 + r.';

/**
 * The output's shape first: a rotated output of another size says nothing about the layer, and an
 * empty comparison region would read as a constant output.
 */
function shapeProblem(fx: NumTensor, input: NumTensor, features: number, call: string): CheckOutcome | null {
  const [n, h, w] = input.shape as [number, number, number];
  const want = [n, h, w, features * 4];
  if (fx.shape.join(',') === want.join(',')) return null;
  return {
    passed: false,
    message: `${call} returned shape [${fx.shape.join(', ')}] for an input of shape [${input.shape.join(', ')}]; expected [${want.join(', ')}]: 'same' zero padding keeps the size, and each of the ${features} output features has 4 orientation channels.`,
  };
}

function withHint(out: CheckOutcome, passHint: string, failHint: string): CheckOutcome {
  const base = out.message.replace(' The same weights must be applied at every position.', '');
  return { ...out, message: out.passed ? `${base} ${passHint}` : base + failHint };
}

export default defineVisibleChecks<Plan>({
  'param-count': paramCountCheck<Plan>({ expected: (plan) => expectedWeights(plan.args), formula: (plan) => formula(plan.args) }),

  'group-conv-equivariance': (ctx) => {
    const { fx, fRotated } = ctx.learner('rotation', pairSchema);
    const bad = shapeProblem(fx, ctx.plan.rotation.x, ctx.plan.args.outChannels, 'createP4GroupConv: apply(x)');
    if (bad) return bad;
    // Exact everywhere: square map, odd kernel, symmetric 'same' zero padding.
    const out = equivariance({ fx, fTx: fRotated, outputTransform: rotationP4(1, 4), tolerance: ctx.tolerance, axes: AXES });
    return withHint(out, 'Rotating a p4 feature map (space rotated, orientations shifted by one) does the same to your output.', GROUP_HINT);
  },

  'two-layer-equivariance': (ctx) => {
    const { fx, fRotated } = ctx.learner('twoLayers', pairSchema);
    const bad = shapeProblem(fx, ctx.plan.twoLayers.x, ctx.plan.args.outChannels, 'createP4Lifting → ReLU → createP4GroupConv');
    if (bad) return bad;
    const out = equivariance({ fx, fTx: fRotated, outputTransform: rotationP4(1, 4), tolerance: ctx.tolerance, axes: AXES });
    return withHint(
      out,
      'Lifting → ReLU → group convolution: rotating the image rotates the output and shifts its orientations, through both layers.',
      ' The network is createP4Lifting → ReLU → createP4GroupConv on an image rotated 90° counter-clockwise. If the group-convolution check passes, look at your lifting layer (previous exercise): orientation r uses rot^r(kernel), channel f·4 + r.',
    );
  },

  // Gap 5: only declared weights are counted, set and trained, so an undeclared trainable variable
  // or a forward pass through copies of the declared ones is invisible to every numeric check.
  'weights-declared-and-used': (ctx) => {
    const answer = ctx.learner('variables', variablesSchema);
    for (const [key, owner, what] of [['groupConv', 'group convolution', 'createP4GroupConv: weights()'], ['lifting', 'lifting layer', 'createP4Lifting: weights()']] as const) {
      const { contract, reach } = answer[key];
      const declared = declaredVariables(contract, { owner, what });
      if (!declared.passed) return declared;
      const reached = weightsReached(reach, { owner, what });
      if (!reached.passed) return reached;
    }
    return { passed: true, message: 'Every trainable variable your two layers create is declared by their weights(), and the gradient of each output reaches every declared weight.' };
  },

  'no-leaked-tensors': noLeaksCheck<Plan>(),
});
