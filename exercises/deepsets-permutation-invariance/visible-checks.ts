// Visible checks for deepsets-permutation-invariance: they run in the learner's browser on a public
// plan (and again on the server as part of the grade), so they use only the learner's own answers
// and public formulas.
import { z } from 'zod';
import {
  declaredVariables,
  defineVisibleChecks,
  equivariance,
  gradientReachSchema,
  gradientRecordSchema,
  gradients,
  identity,
  noLeaksCheck,
  paramCountCheck,
  permutation,
  tensorSchema,
  variableContractSchema,
  weightsReached,
  type WeightSpec,
} from '@tyinglab/grader/checks';
import type { DeepSetArgs, Plan } from './probes';

export const AXES = ['set', 'o'];

/** The eight weights; D = inDim, H = hidden, O = outDim. */
export const expectedWeights = ({ inDim: D, hidden: H, outDim: O }: DeepSetArgs): WeightSpec[] => [
  { name: 'phiW1', shape: [D, H] },
  { name: 'phiB1', shape: [H] },
  { name: 'phiW2', shape: [H, H] },
  { name: 'phiB2', shape: [H] },
  { name: 'rhoW1', shape: [H, H] },
  { name: 'rhoB1', shape: [H] },
  { name: 'rhoW2', shape: [H, O] },
  { name: 'rhoB2', shape: [O] },
];
const formula = ({ inDim: D, hidden: H, outDim: O }: DeepSetArgs) =>
  `(D·H + H + H·H + H) + (H·H + H + H·O + O) = (${D}·${H} + ${H} + ${H}·${H} + ${H}) + (${H}·${H} + ${H} + ${H}·${O} + ${O})`;

export const tensor = tensorSchema({ rank: 2, maxSize: 1 << 10 });
const permutedSchema = z.strictObject({ fx: tensor, fPx: tensor, fOther: tensor });
const variablesSchema = z.strictObject({ contract: variableContractSchema, reach: gradientReachSchema });
const OWNER = 'model';
const elementGradsSchema = z.strictObject({
  total: gradientRecordSchema,
  composed: gradientRecordSchema,
  contributions: z.array(z.strictObject({ label: z.string().max(100), grads: gradientRecordSchema })).max(64),
});

const SUM_HINT =
  'apply(x) must compute exactly rho(Σ_i phi(x_i)) with your own phi and rho: every element through the same φ, a sum over the elements ' +
  '(not a mean or a max), and ρ once, after the pooling. Then φ’s gradient is the sum of one contribution per element.';

export default defineVisibleChecks<Plan>({
  'param-count': paramCountCheck<Plan>({ expected: (plan) => expectedWeights(plan.args), formula: (plan) => formula(plan.args), independentOf: 'set size' }),

  'permutation-invariance': (ctx) => {
    const { fx, fPx, fOther } = ctx.learner('permuted', permutedSchema);
    const reorder = permutation(ctx.plan.permuted.perm, { axis: 1, what: 'set elements' });
    // Invariance: the output action is the identity; fOther is the guard against a constant model.
    const out = equivariance({
      fx,
      fTx: fPx,
      fOther,
      outputTransform: identity(reorder.describe),
      tolerance: ctx.tolerance,
      relativeTolerance: ctx.tolerance.rtol,
      axes: AXES,
    });
    if (out.passed || out.details?.relativeDeviation === undefined) return out;
    return {
      ...out,
      message: `${out.message} Weights that depend on an element's position i (or a layer over the flattened set) see a reordered set as a different input; one φ for every element and a sum do not.`,
    };
  },

  'gradient-sum-over-elements': (ctx) => {
    const { total, composed, contributions } = ctx.learner('elementGrads', elementGradsSchema);
    const names = Object.keys(ctx.plan.weights);
    const unreached = (got: Record<string, unknown>) => names.filter((n) => !got[n]);
    if (unreached(total).length) {
      return {
        passed: false,
        message:
          `No gradient of L = sum(g ⊙ apply(x)) reaches ${unreached(total).map((n) => `"${n}"`).join(', ')}. Each weight must be a trainable tf.variable ` +
          'that apply() itself uses: a copy made from it (tf.variable(w), w.dataSync()) is a separate parameter, and the gradient never reaches the shared one.',
      };
    }
    if (unreached(composed).length) {
      return {
        passed: false,
        message: `No gradient of L = sum(g ⊙ rho(Σ_i phi(x_i))) reaches ${unreached(composed).map((n) => `"${n}"`).join(', ')}: phi() and rho() must use the variables from weights().`,
      };
    }
    const out = gradients({ actual: total, expected: composed, contributions, tolerance: ctx.tolerance, useName: 'set element' });
    if (out.passed) {
      return {
        ...out,
        message:
          `The gradients of L = sum(g ⊙ f(x)) through apply(x) equal those through rho(Σ_i phi(x_i)) for all ${names.length} weights, and the ` +
          `${contributions.length} per-element contributions to φ's gradient add up to the total: the tied encoder's gradient is a sum over the set.`,
      };
    }
    // The library lists every differing weight and then every contribution that does not add up;
    // with all eight weights off that is unreadable, so keep the first few and summarise the rest.
    const m = /^Gradients differ from autodiff: (.*?)\. A tied weight's gradient is the sum over all its uses\.( Your contributions per set element: .*)?$/.exec(out.message);
    if (!m) return { ...out, message: `${out.message} ${SUM_HINT}` };
    const items = m[1]!.split('; ');
    const listed = items.length > 3 ? `${items.slice(0, 3).join('; ')}; and ${items.length - 3} more` : m[1];
    const sums = m[2] ? ` The ${contributions.length} per-element contributions to φ's gradient do not add up to your apply(x)'s gradient either.` : '';
    return { ...out, message: `Your gradients through apply(x) differ from those through rho(Σ_i phi(x_i)): ${listed}.${sums} ${SUM_HINT}` };
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
