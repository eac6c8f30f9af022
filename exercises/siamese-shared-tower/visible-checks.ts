// Visible checks for siamese-shared-tower: they run in the learner's browser on a public plan (and
// again on the server as part of the grade), so they use only the learner's own answers and public
// formulas.
import { z } from 'zod';
import {
  autodiffUseSchema,
  compareData,
  declaredVariables,
  defineVisibleChecks,
  fmt,
  gradientDifferences,
  gradientReachSchema,
  gradientRecordSchema,
  gradients,
  noAutodiff,
  noLeaksCheck,
  paramCountCheck,
  tensorSchema,
  variableContractSchema,
  weightsReached,
  type CheckOutcome,
  type NumTensor,
  type WeightSpec,
} from '@tyinglab/grader/checks';
import type { Plan, SiameseArgs } from './probes';

export const expectedWeights = ({ inputSize: D, hiddenSize: H, embedSize: E }: SiameseArgs): WeightSpec[] => [
  { name: 'W1', shape: [D, H] },
  { name: 'b1', shape: [H] },
  { name: 'W2', shape: [H, E] },
];
const formula = ({ inputSize: D, hiddenSize: H, embedSize: E }: SiameseArgs) => `D·H + H + H·E = ${D}·${H} + ${H} + ${H}·${E}`;

const swapSchema = z.strictObject({ ab: tensorSchema({ rank: 1, maxSize: 64 }), ba: tensorSchema({ rank: 1, maxSize: 64 }) });
export const gradSchema = z.strictObject({
  use: autodiffUseSchema,
  cases: z.array(z.strictObject({ label: z.string().max(200), total: gradientRecordSchema, tower: gradientRecordSchema })).max(8),
});
export const SUM_HINT =
  'The shared weights are used by both branches, so gradients() must add towerBackward(a, ∂L/∂e_a) and towerBackward(b, ∂L/∂e_b), ' +
  'with ∂L/∂e_a = 2·dD·(e_a − e_b) and ∂L/∂e_b = −∂L/∂e_a.';

/** The hand-written gradients may not ask tfjs for a gradient: null when they did not. */
export function autodiffInGradients(answer: z.infer<typeof gradSchema>): CheckOutcome | null {
  if (!answer.use.autodiff && !answer.use.tampered) return null;
  return noAutodiff(answer.use, { what: 'towerBackward() or gradients()' });
}

const variablesSchema = z.strictObject({ contract: variableContractSchema, reach: gradientReachSchema });

/**
 * Weights that autodiff through the learner's OWN embed()/distance() cannot reach (or reaches with
 * an all-zero gradient where the learner's hand-written one is not zero): the forward pass computes
 * with a copy of the variable, so the fault is there, not in the hand-written gradient.
 */
export function detachedInForward(manual: Record<string, NumTensor>, auto: Record<string, NumTensor>, names: string[]): string[] {
  return names.filter((n) => {
    const a = auto[n];
    if (!a) return true;
    const m = manual[n];
    return a.data.every((v) => v === 0) && !!m && m.data.some((v) => Math.abs(v) > 1e-6);
  });
}

export const forwardCopyMessage = (names: string[], call: string): string =>
  `Autodiff (tf.variableGrads) through your own ${call} gets no gradient for ${names.map((n) => `"${n}"`).join(', ')}: it computes with a copy of ` +
  "that variable's values (dataSync(), arraySync(), tf.tensor(…), a new tf.variable…), so no optimizer could train the tower. Your hand-written gradients may well be right; " +
  `${call} must compute with the variables weights() returns.`;

/**
 * Invariance under swapping the two inputs, d(a,b) = d(b,a), with a non-triviality guard: a
 * constant (or input-ignoring) distance is symmetric too. (The library's equivariance check
 * requires the output to move under the transform, which an invariant output does not.)
 */
function swapSymmetry(ab: NumTensor, ba: NumTensor, tol: { atol: number; rtol: number }): CheckOutcome {
  if (ab.shape.join(',') !== ba.shape.join(',')) {
    return { passed: false, message: `distance(a, b) has shape [${ab.shape.join(', ')}] but distance(b, a) has shape [${ba.shape.join(', ')}].` };
  }
  const lo = Math.min(...ab.data);
  const hi = Math.max(...ab.data);
  const scale = Math.max(Math.abs(lo), Math.abs(hi), 1e-12);
  const details: Record<string, unknown> = { pairs: ab.data.length, spread: hi - lo };
  if (hi - lo <= 1e-3 * scale + tol.atol || hi <= tol.atol) {
    return {
      passed: false,
      message: `Your distances are (nearly) the same for every pair (spread ${fmt(hi - lo)}), so symmetry says nothing. The distance must depend on the two inputs through the encoder (random initial weights, not zeros).`,
      details,
    };
  }
  const cmp = compareData(ba.data, ab.data, ab.shape, tol);
  Object.assign(details, { maxAbsErr: cmp.maxAbsErr });
  if (cmp.passed) return { passed: true, message: `d(a, b) = d(b, a) for all ${ab.data.length} pairs (max deviation ${fmt(cmp.maxAbsErr)}).`, details };
  return {
    passed: false,
    message:
      `Swapping the inputs changes your distance by up to ${fmt(cmp.maxAbsErr)} (pair ${cmp.worst?.[0] ?? 0}: d(a, b) = ${fmt(cmp.worstExpected)}, d(b, a) = ${fmt(cmp.worstActual)}). ` +
      'Both inputs must go through the same encoder and the distance must treat them alike (|e_a − e_b|², not a signed or one-sided quantity).',
    details,
  };
}

export default defineVisibleChecks<Plan>({
  'param-count': paramCountCheck<Plan>({ expected: (plan) => expectedWeights(plan.args), formula: (plan) => formula(plan.args), independentOf: 'batch size', owner: 'model' }),

  'swap-symmetry': (ctx) => {
    const { ab, ba } = ctx.learner('swap', swapSchema);
    return swapSymmetry(ab, ba, ctx.tolerance);
  },

  'gradient-self-consistent': (ctx) => {
    const manual = ctx.learner('manualGrad', gradSchema);
    const autodiff = autodiffInGradients(manual);
    if (autodiff) return autodiff;
    const auto = ctx.learner('autodiffGrad', gradSchema);
    const names = expectedWeights(ctx.plan.args).map((w) => w.name);
    const parts: string[] = [];
    for (let i = 0; i < ctx.plan.grad.cases.length; i++) {
      const label = ctx.plan.grad.cases[i]!.label;
      const m = manual.cases[i];
      const a = auto.cases[i];
      // The forward pass first: without a gradient through it, the hand-written one cannot be judged.
      const detachedEmbed = detachedInForward(m?.tower ?? {}, a?.tower ?? {}, names);
      if (detachedEmbed.length) return { passed: false, message: forwardCopyMessage(detachedEmbed, 'embed()') };
      const detachedDistance = detachedInForward(m?.total ?? {}, a?.total ?? {}, names);
      if (detachedDistance.length) return { passed: false, message: forwardCopyMessage(detachedDistance, 'distance()') };
      const tower = gradients({ actual: m?.tower ?? {}, expected: a?.tower ?? {}, tolerance: ctx.tolerance });
      const total = gradients({ actual: m?.total ?? {}, expected: a?.total ?? {}, tolerance: ctx.tolerance });
      if (!tower.passed) parts.push(`For ${label}, towerBackward(x, gE) vs autodiff of sum(gE ⊙ embed(x)): ${gradientDifferences(tower.message)}.`);
      if (!total.passed) parts.push(`For ${label}, gradients(a, b, dD) vs autodiff of sum(dD ⊙ distance(a, b)): ${gradientDifferences(total.message)}.`);
    }
    if (!parts.length) {
      return { passed: true, message: `towerBackward() and gradients() equal tf.variableGrads through your own embed() and distance() (${ctx.plan.grad.cases.map((c) => c.label).join(', ')}).` };
    }
    return { passed: false, message: `${parts.join(' ')}${parts.some((p) => p.includes('gradients(a, b, dD)')) ? ` ${SUM_HINT}` : ''}` };
  },

  // Gap 5: only declared weights are counted, set and trained, so an undeclared trainable variable
  // or a forward pass through copies of the declared ones is invisible to every numeric check.
  'weights-declared-and-used': (ctx) => {
    const { contract, reach } = ctx.learner('variables', variablesSchema);
    const declared = declaredVariables(contract, { owner: 'model' });
    return declared.passed ? weightsReached(reach, { owner: 'model', output: 'distance' }) : declared;
  },

  'no-leaked-tensors': noLeaksCheck<Plan>(),
});
