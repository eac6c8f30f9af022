// Visible checks for cross-layer-sharing: they run in the learner's browser on a public plan (and
// again on the server as part of the grade), so they use only the learner's own answers and public
// formulas.
import { z } from 'zod';
import {
  compareData,
  defineVisibleChecks,
  fdLossesSchema,
  finiteDifferences,
  fmt,
  gradientDifferences,
  gradientRecordSchema,
  gradients,
  paramCount,
  paramCountCheck,
  weightListSchema,
  type CheckOutcome,
  type NumTensor,
} from '@tyinglab/grader/checks';
import type { Plan } from './probes';

/** The ranges the statement gives for the drawn sizes. */
export const H_RANGE = [2, 8] as const;
export const DEPTH_RANGE = [2, 6] as const;

const expectedWeights = ({ width: H }: Plan) => [
  { name: 'W', shape: [H, H] },
  { name: 'b', shape: [H] },
];
const formula = ({ width: H }: Plan) => `H·H + H = ${H}·${H} + ${H}`;

const manualOne = z.strictObject({ total: gradientRecordSchema, perLayer: z.array(gradientRecordSchema).max(64) });
export const manualSchema = z.strictObject({ first: manualOne, second: manualOne });
export const autodiffSchema = z.strictObject({ first: gradientRecordSchema, second: gradientRecordSchema, fd: fdLossesSchema });
const handWrittenSchema = z.strictObject({ calls: z.number().int(), maxBlocks: z.number().int() });
const leaksSchema = z.array(z.strictObject({ call: z.string().max(64), leaked: z.number().int() })).max(8);
export const reachSchema = z.strictObject({
  declared: z.array(z.strictObject({ name: z.string().max(64), trainable: z.boolean(), gradient: z.number().nullable() })).max(64),
  undeclared: z.array(z.strictObject({ shape: z.array(z.number().int().nonnegative()).max(8), trainable: z.boolean(), gradient: z.number().nullable() })).max(256),
});

export const HINT =
  'Go down from layer L to 1 carrying g = ∂ℓ/∂h_l (ℓ the loss): δ = g ⊙ (1 − tanh²(h_{l−1}W + b)), layer l contributes h_{l−1}ᵀδ to W and the column sum of δ to b, ' +
  'then g ← g + δWᵀ (residual path plus block path). The shared W and b receive the SUM of all L contributions.';
const COPY_HINT =
  'Compute with the variables weights() returns — not a copy made with dataSync()/arraySync()/tf.tensor(…), not one variable per layer kept in step with assign() — so that an optimizer (optimizer.minimize) trains the one shared block.';

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

/**
 * The learner's total gradient against autodiff through their own forward(), on two calls, and the
 * contributions adding up. When the total and autodiff disagree, finite differences of the
 * learner's own loss say which one is wrong: a forward pass through copies of the shared weights
 * breaks autodiff, not the hand-written gradient (weights-reached reports that).
 */
function selfConsistent(manual: z.infer<typeof manualSchema>, auto: z.infer<typeof autodiffSchema>, plan: Plan, tolerance: { atol: number; rtol: number }): CheckOutcome {
  const depth = plan.grad.depth;
  const names = ['W', 'b'];
  const missing = names.filter((n) => !auto.first[n] || !auto.second[n]);
  const pick = (r: Record<string, NumTensor>) => Object.fromEntries(names.filter((n) => r[n]).map((n) => [n, r[n]!]));
  const a = gradients({ actual: manual.first.total, expected: pick(auto.first), tolerance });
  const b = gradients({ actual: manual.second.total, expected: pick(auto.second), tolerance });
  const sums = [contributionsAddUp(manual.first.total, manual.first.perLayer, depth, tolerance), contributionsAddUp(manual.second.total, manual.second.perLayer, depth, tolerance)];
  const sumProblem = sums.find((s) => s !== null) ?? null;
  let autodiffBroken = false;
  if (missing.length || !a.passed || !b.passed) {
    const fdManual = finiteDifferences({ coordinates: plan.grad.fd, losses: auto.fd, gradient: manual.first.total });
    const fdAuto = missing.length ? null : finiteDifferences({ coordinates: plan.grad.fd, losses: auto.fd, gradient: auto.first });
    autodiffBroken = fdManual.passed && (!fdAuto || !fdAuto.passed);
  }
  if (!sumProblem && (autodiffBroken || (!missing.length && a.passed && b.passed))) {
    if (autodiffBroken) {
      return {
        passed: true,
        message:
          `Your total gradient agrees with finite differences of your own loss (${plan.grad.fd.length} coordinates) and is the sum of your ${depth} per-layer contributions, but tf.variableGrads through your forward() ` +
          `${missing.length ? `does not reach ${missing.join(', ')}` : 'does not'}: your gradient is right, your forward pass is not differentiable through the shared weights (see "weights-reached").`,
      };
    }
    return { passed: true, message: `Your total gradient equals tf.variableGrads through your own forward() (depth ${depth}, two batches, new weights in between) and is the sum of your ${depth} per-layer contributions.` };
  }
  const parts: string[] = [];
  if (!autodiffBroken) {
    if (missing.length) parts.push(`tf.variableGrads through your forward() does not reach ${missing.join(', ')}, and your total does not match finite differences of your own loss either.`);
    if (!a.passed) parts.push(`Compared with tf.variableGrads through your own forward() at depth ${depth}: ${gradientDifferences(a.message)}.`);
    if (!b.passed) parts.push(`On a second batch (same stack, new weights): ${gradientDifferences(b.message)}.`);
  }
  if (sumProblem) parts.push(sumProblem);
  return { passed: false, message: `${parts.join(' ')} ${HINT}` };
}

/**
 * Every declared weight is reached by autodiff through the forward pass, with the slope finite
 * differences of the same loss measure; no undeclared trainable variable is.
 */
export function weightsReached(reach: z.infer<typeof reachSchema>, auto: z.infer<typeof autodiffSchema>, plan: Plan): CheckOutcome {
  const problems: string[] = [];
  for (const w of reach.declared) {
    if (!w.trainable) problems.push(`"${w.name}" is not trainable (tf.variable(…, false)), so no optimizer updates it`);
    else if (w.gradient === null || !(w.gradient > 0)) problems.push(`autodiff of the loss through your forward() does not reach "${w.name}" at all`);
  }
  const extra = reach.undeclared.filter((v) => v.trainable && v.gradient !== null && v.gradient > 0);
  if (extra.length) {
    problems.push(
      `your code creates ${extra.length} trainable variable${extra.length > 1 ? 's' : ''} that weights() does not list (shape${extra.length > 1 ? 's' : ''} ${extra.map((v) => `[${v.shape.join(', ')}]`).join(', ')}) and the loss depends on ${extra.length > 1 ? 'them' : 'it'}: ` +
        'an optimizer would train them as separate, unshared weights',
    );
  }
  if (!problems.length) {
    // Reached, but with the slope of the forward pass? A forward pass that uses a copy in some
    // layers gets a gradient from the other layers only.
    const fd = finiteDifferences({ coordinates: plan.grad.fd, losses: auto.fd, gradient: auto.first });
    if (!fd.passed) {
      problems.push(
        `tf.variableGrads through your forward() disagrees with finite differences of the very same loss (${fd.message.replace(/^Your gradient disagrees with finite differences of your own loss on /, '').replace(/ Your backward pass does not match your forward pass\.$/, '').replace(/\.$/, '')}): some layers compute with a copy of the shared weights that gradients do not flow through`,
      );
    }
  }
  if (problems.length) return { passed: false, message: `${problems.join('; ')}. ${COPY_HINT}` };
  return { passed: true, message: `Autodiff through your forward() reaches exactly your declared weights (${reach.declared.map((w) => w.name).join(', ')}), with the slopes finite differences measure; no other variable takes part.` };
}

export default defineVisibleChecks<Plan>({
  'param-count': (ctx) => {
    const main = paramCountCheck<Plan>({ expected: expectedWeights, formula, independentOf: 'depth', owner: 'stack' })(ctx);
    if (!main.passed) return main;
    const o = ctx.plan.other;
    const other = paramCount({ declared: [{ label: `width ${o.width}`, weights: ctx.learner('declaredOther', weightListSchema) }], expected: expectedWeights({ ...ctx.plan, width: o.width }), formula: formula({ ...ctx.plan, width: o.width }) });
    if (!other.passed) return { ...other, message: `For a stack of width ${o.width}: ${other.message} The sizes come from width.` };
    return { ...main, message: `${main.message} Also ${other.message}` };
  },

  'gradient-self-consistent': (ctx) => selfConsistent(ctx.learner('manualGrad', manualSchema), ctx.learner('autodiffGrad', autodiffSchema), ctx.plan, ctx.tolerance),

  'gradient-by-hand': (ctx) => {
    const { calls, maxBlocks } = ctx.learner('handWritten', handWrittenSchema);
    if (maxBlocks > 1) {
      return {
        passed: false,
        message:
          `Your gradients(x, dY) asks TensorFlow.js to differentiate through ${maxBlocks} applications of the block at once (${calls} autodiff call${calls > 1 ? 's' : ''}): that is autodiff of the stack, not your own accumulation across layers. ` +
          `Differentiate one block at a time at most (or write its three lines by hand), and add the layers' contributions yourself. ${HINT}`,
      };
    }
    return { passed: true, message: calls ? `Your gradients(x, dY) differentiates one block at a time (${calls} autodiff calls) and accumulates across layers itself.` : 'Your gradients(x, dY) is written by hand: no autodiff inside.' };
  },

  'weights-reached': (ctx) => weightsReached(ctx.learner('reach', reachSchema), ctx.learner('autodiffGrad', autodiffSchema), ctx.plan),

  'no-leaks': (ctx) => {
    const rows = ctx.learner('leaks', leaksSchema);
    const leaking = rows.filter((r) => r.leaked > 0);
    const disposing = rows.filter((r) => r.leaked < 0);
    if (!leaking.length && !disposing.length) return { passed: true, message: `${rows.map((r) => r.call).join(', ')} leave no tensors behind.` };
    const parts = [
      ...leaking.map((r) => `each call of ${r.call} leaves ${r.leaked} tensor${r.leaked > 1 ? 's' : ''} behind`),
      ...disposing.map((r) => `${r.call} disposes ${-r.leaked} tensor${r.leaked < -1 ? 's' : ''} it did not create (its inputs or the weights)`),
    ];
    return {
      passed: false,
      message: `${parts.join('; ')}. Wrap each computation in tf.tidy, return only the result, create no variables per call, and never dispose what the caller passed in.`,
    };
  },
});
