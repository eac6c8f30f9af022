// Trusted checks for cross-layer-sharing (checker zone). The plan is built here from the per-run
// RNG; the learner's answers are validated and compared with the reference solution's.
import { z } from 'zod';
import {
  compareData,
  defineChecks,
  fmt,
  gradients,
  matchesReference,
  paramCount,
  tensorSchema,
  weightListSchema,
  type NumTensor,
  type Rng,
} from '@tyinglab/grader';
import type { Plan } from './probes';

const H = 6;
const DEPTHS = [2, 5];
const GRAD_DEPTH = 4;
const N = 3;

const randomTensor = (rng: Rng, shape: number[], std = 1): NumTensor => ({ shape, data: rng.normals(shape.reduce((a, b) => a * b, 1), std) });

const expectedWeights = [
  { name: 'W', shape: [H, H] },
  { name: 'b', shape: [H] },
];
const formula = `H·H + H = ${H}·${H} + ${H}`;

const tensor = tensorSchema({ maxSize: 1 << 12 });
const declaredSchema = z.array(z.strictObject({ label: z.string(), weights: weightListSchema })).max(4);
const injectedSchema = z.array(z.strictObject({ label: z.string(), y: tensorSchema({ rank: 2, maxSize: 1 << 12 }) })).max(4);
const gradRecord = z.record(z.string().max(200), tensor);
const manualSchema = z.strictObject({ total: gradRecord, perLayer: z.array(gradRecord).max(64) });

const stripPrefix = (m: string) =>
  m.replace(/^Gradients differ from autodiff: /, '').replace(/ A tied weight's gradient is the sum over all its uses\.$/, '').replace(/\.$/, '');
const HINT =
  'Go down from layer L to 1 carrying g = ∂ℓ/∂h_l (ℓ the loss): δ = g ⊙ (1 − tanh²(h_{l−1}W + b)), layer l contributes h_{l−1}ᵀδ to W and the column sum of δ to b, ' +
  'then g ← g + δWᵀ (residual path plus block path). The shared W and b receive the SUM of all L contributions.';

/** The per-layer contributions must be one per layer and add up to the reported total. */
function contributionsAddUp(total: Record<string, NumTensor>, perLayer: Record<string, NumTensor>[], depth: number, tol: { atol: number; rtol: number }): string | null {
  if (perLayer.length !== depth) return `perLayer has ${perLayer.length} entries for a stack of depth ${depth}: there must be one contribution per application of the block.`;
  for (const name of ['W', 'b']) {
    const t = total[name];
    if (!t) return `total has no "${name}".`;
    const sum = new Array<number>(t.data.length).fill(0);
    for (const [l, p] of perLayer.entries()) {
      const g = p[name];
      if (!g || g.data.length !== t.data.length) return `perLayer[${l}].${name} is missing or has the wrong shape (expected [${t.shape.join(', ')}]).`;
      g.data.forEach((v, i) => (sum[i]! += v));
    }
    const cmp = compareData(t.data, sum, t.shape, { atol: tol.atol * depth, rtol: tol.rtol * depth });
    if (!cmp.passed) return `total.${name} is not the sum of your ${depth} per-layer contributions (off by up to ${fmt(cmp.maxAbsErr)}).`;
  }
  return null;
}

export default defineChecks<Plan>({
  makePlan(rng) {
    return {
      width: H,
      weights: { W: randomTensor(rng, [H, H], 0.4), b: randomTensor(rng, [H], 0.2) },
      stacks: DEPTHS.map((depth) => ({ label: `depth ${depth}`, depth, x: randomTensor(rng, [N, H]) })),
      grad: { depth: GRAD_DEPTH, x: randomTensor(rng, [N, H]), dY: randomTensor(rng, [N, H]) },
    };
  },
  checks: {
    'param-count': (ctx) => {
      const out = paramCount({ declared: ctx.learner('declared', declaredSchema), expected: expectedWeights, formula });
      return { ...out, message: out.message.replace("Your layer's parameters change with the input size", "Your stack's parameters change with the depth").replace('the image size', 'the depth') };
    },

    'matches-reference': (ctx) => {
      const mine = ctx.learner('injected', injectedSchema);
      const ref = ctx.reference('injected', injectedSchema);
      return matchesReference({
        cases: ref.map((r, i) => ({ label: r.label, expected: r.y, actual: mine[i]?.y ?? { shape: [], data: [] } })),
        tolerance: ctx.tolerance,
        axes: ['n', 'h'],
      });
    },

    'gradient-self-consistent': (ctx) => {
      const manual = ctx.learner('manualGrad', manualSchema);
      const auto = ctx.learner('autodiffGrad', gradRecord);
      const vsAuto = gradients({ actual: manual.total, expected: auto, tolerance: ctx.tolerance });
      const sumProblem = contributionsAddUp(manual.total, manual.perLayer, GRAD_DEPTH, ctx.tolerance);
      const details = { autodiff: vsAuto.details, contributionsAddUp: sumProblem === null };
      if (vsAuto.passed && !sumProblem) {
        return { passed: true, message: `Your total gradient equals tf.variableGrads through your own forward() (depth ${GRAD_DEPTH}) and is the sum of your ${GRAD_DEPTH} per-layer contributions.`, details };
      }
      const parts: string[] = [];
      if (!vsAuto.passed) parts.push(`Compared with tf.variableGrads through your own forward() at depth ${GRAD_DEPTH}: ${stripPrefix(vsAuto.message)}.`);
      if (sumProblem) parts.push(sumProblem);
      return { passed: false, message: `${parts.join(' ')} ${HINT}`, details };
    },

    'gradient-matches-reference': (ctx) => {
      const manual = ctx.learner('manualGrad', manualSchema);
      const ref = ctx.reference('manualGrad', manualSchema);
      const refAuto = ctx.reference('autodiffGrad', gradRecord);
      const total = gradients({ actual: manual.total, expected: refAuto, tolerance: ctx.tolerance });
      const bad: string[] = [];
      if (!total.passed) bad.push(`total: ${stripPrefix(total.message)}`);
      if (manual.perLayer.length !== ref.perLayer.length) bad.push(`${manual.perLayer.length} per-layer contributions, expected ${ref.perLayer.length}`);
      else {
        ref.perLayer.forEach((r, l) => {
          const c = gradients({ actual: manual.perLayer[l]!, expected: r, tolerance: ctx.tolerance });
          if (!c.passed) bad.push(`layer ${l + 1}: ${stripPrefix(c.message)}`);
        });
      }
      const details = { total: total.details };
      if (!bad.length) return { passed: true, message: `Your total and per-layer gradients match the reference (depth ${GRAD_DEPTH}): every application of the block contributes to the shared weights.`, details };
      return { passed: false, fraction: total.passed ? 0.5 : 0, message: `Your gradients differ from the reference (same weights and data, depth ${GRAD_DEPTH}): ${bad.join('; ')}. ${HINT}`, details };
    },
  },
});
