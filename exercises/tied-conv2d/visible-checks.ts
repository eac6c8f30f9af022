// Visible checks for tied-conv2d: they run in the learner's browser on a public plan (and again on
// the server as part of the grade, on a plan with other sizes), so they use only the learner's own
// answers and public formulas of the plan's sizes.
import { z } from 'zod';
import {
  declaredVariables,
  defineVisibleChecks,
  equivariance,
  gradientReachSchema,
  interiorIndices,
  noLeaksCheck,
  paramCountCheck,
  tensorSchema,
  translation,
  variableContractSchema,
  weightsReached,
  type WeightSpec,
} from '@tyinglab/grader/checks';
import type { LayerArgs, Plan } from './probes';

export const AXES = ['n', 'y', 'x', 'c'];

export const expectedWeights = ({ kernelSize: k, inChannels, outChannels }: LayerArgs): WeightSpec[] => [
  { name: 'kernel', shape: [k, k, inChannels, outChannels] },
  { name: 'bias', shape: [outChannels] },
];
const formula = ({ kernelSize: k, inChannels, outChannels }: LayerArgs) =>
  `k·k·C_in·C_out + C_out = ${k}·${k}·${inChannels}·${outChannels} + ${outChannels}`;

export const tensor = tensorSchema({ rank: 4, maxSize: 1 << 16 });
const shiftSchema = z.strictObject({ fx: tensor, fShifted: tensor });
const variablesSchema = z.strictObject({ contract: variableContractSchema, reach: gradientReachSchema });
const OWNER = 'layer';

/** Rows/columns next to the border where zero padding or the filled-in shift reaches the window. */
export const equivarianceMargin = (k: number, dy: number, dx: number): number => Math.floor(k / 2) + Math.max(Math.abs(dy), Math.abs(dx));

export default defineVisibleChecks<Plan>({
  'param-count': paramCountCheck<Plan>({ expected: (plan) => expectedWeights(plan.args), formula: (plan) => formula(plan.args) }),

  'translation-equivariance': (ctx) => {
    const { fx, fShifted } = ctx.learner('shift', shiftSchema);
    const { dy, dx, x } = ctx.plan.shift;
    const [n, h, w] = x.shape as [number, number, number];
    const want = [n, h, w, ctx.plan.args.outChannels];
    // The shape first: a shrunken output would leave no interior to compare, which the guard below
    // would report as a constant output.
    if (fx.shape.join(',') !== want.join(',')) {
      return {
        passed: false,
        message: `apply(x) returned shape [${fx.shape.join(', ')}] for an input of shape [${x.shape.join(', ')}]; expected [${want.join(', ')}]: 'same' zero padding (⌊k/2⌋ pixels on each side) keeps the image size, and there is one output map per output channel.`,
      };
    }
    // Zero 'same' padding: compare only where neither the border nor the filled-in rows/columns
    // reach the k×k window.
    return equivariance({
      fx,
      fTx: fShifted,
      outputTransform: translation(dy, dx, 'zero'),
      region: interiorIndices(fx.shape, equivarianceMargin(ctx.plan.args.kernelSize, dy, dx)),
      tolerance: ctx.tolerance,
      axes: AXES,
    });
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
