// Visible checks for shared-kv-attention: they run in the learner's browser on a public plan (and
// again on the server as part of the grade), so they use only the learner's own answers and public formulas.
import { z } from 'zod';
import {
  compareData,
  countOf,
  declaredWeightsSchema,
  defineVisibleChecks,
  equivariance,
  fact,
  fmt,
  paramCount,
  permutation,
  tensorSchema,
  weightListSchema,
  fdLossesSchema,
  finiteDifferences,
  gradientRecordSchema,
  type CheckOutcome,
} from '@tyinglab/grader/checks';
import type { Plan } from './probes';

/** The ranges the statement gives for the drawn sizes. */
export const D_RANGE = [2, 8] as const;
export const DEPTH_RANGE = [2, 4] as const;
export const AXES = ['n', 't', 'c'];

export const expectedWeights = (d: number, numLayers: number) => [
  { name: 'wK', shape: [d, d] },
  { name: 'wV', shape: [d, d] },
  ...Array.from({ length: numLayers }, (_, l) => [
    { name: `wQ_${l}`, shape: [d, d] },
    { name: `wO_${l}`, shape: [d, d] },
  ]).flat(),
];
const formula = (d: number, numLayers: number) => `2d² + 2L·d² = 2·${d}² + 2·${numLayers}·${d}²`;

export const tensor = tensorSchema({ rank: 3, maxSize: 1 << 12 });
const permutedSchema = z.strictObject({ fx: tensor, fPx: tensor });
const leaksSchema = z.array(z.strictObject({ call: z.string().max(64), leaked: z.number().int() })).max(8);
export const reachSchema = z.strictObject({
  declared: z.array(z.strictObject({ name: z.string().max(64), trainable: z.boolean(), gradient: z.number().nullable() })).max(64),
  undeclared: z.array(z.strictObject({ shape: z.array(z.number().int().nonnegative()).max(8), trainable: z.boolean(), gradient: z.number().nullable() })).max(256),
  autodiff: gradientRecordSchema,
  fd: fdLossesSchema,
});

const COPY_HINT =
  'Compute with the variables weights() returns — not a copy made with dataSync()/arraySync()/tf.tensor(…), not one W_K/W_V per layer kept in step with assign() — so that an optimizer (optimizer.minimize) trains the one shared projection with the sum of every layer’s gradient.';

/**
 * Every declared weight is reached by autodiff through apply(), with the slope finite differences
 * of the same loss measure; no undeclared trainable variable is.
 */
export function weightsReached(reach: z.infer<typeof reachSchema>, plan: Plan): CheckOutcome {
  const problems: string[] = [];
  for (const w of reach.declared) {
    if (!w.trainable) problems.push(`"${w.name}" is not trainable (tf.variable(…, false)), so no optimizer updates it`);
    else if (w.gradient === null || !(w.gradient > 0)) problems.push(`autodiff of the loss through your apply() does not reach "${w.name}" at all`);
  }
  const extra = reach.undeclared.filter((v) => v.trainable && v.gradient !== null && v.gradient > 0);
  if (extra.length) {
    problems.push(
      `your code creates ${extra.length} trainable variable${extra.length > 1 ? 's' : ''} that weights() does not list (shape${extra.length > 1 ? 's' : ''} ${extra.map((v) => `[${v.shape.join(', ')}]`).join(', ')}) and the loss depends on ${extra.length > 1 ? 'them' : 'it'}: ` +
        'an optimizer would train them as separate, unshared weights',
    );
  }
  if (!problems.length) {
    // Reached, but with the slope of the forward pass? Layers that use a copy of W_K or W_V
    // contribute nothing to the shared projection's gradient.
    const fd = finiteDifferences({ coordinates: plan.grad.fd, losses: reach.fd, gradient: reach.autodiff });
    if (!fd.passed) {
      problems.push(
        `tf.variableGrads through your apply() disagrees with finite differences of the very same loss (${fd.message.replace(/^Your gradient disagrees with finite differences of your own loss on /, '').replace(/ Your backward pass does not match your forward pass\.$/, '').replace(/\.$/, '')}): some layers compute with a copy of a weight that gradients do not flow through`,
      );
    }
  }
  if (problems.length) return { passed: false, message: `${problems.join('; ')}. ${COPY_HINT}` };
  return { passed: true, message: `Autodiff through your apply() reaches exactly your declared weights (${reach.declared.length} of them), with the slopes finite differences measure; no other variable takes part.` };
}

/**
 * Like paramCount, but the expected list depends on the depth: one paramCount per depth, then the
 * per-layer increment; and a stack of the second width.
 */
function paramCountOverDepth(declared: { label: string; weights: { name: string; shape: number[] }[] }[], other: { name: string; shape: number[] }[], plan: Plan): CheckOutcome {
  const D = plan.dModel;
  const DEPTHS = plan.depths;
  const perDepth = DEPTHS.map((L, i) => {
    const got = declared[i];
    if (!got) return { passed: false, message: `No weights were reported for a stack with L = ${L}.` };
    return paramCount({ declared: [got], expected: expectedWeights(D, L), formula: formula(D, L) });
  });
  const counts = declared.map((d) => countOf(d.weights));
  const details = { declaredCounts: counts, expectedCounts: DEPTHS.map((L) => countOf(expectedWeights(D, L))), depths: DEPTHS };
  // Two depths: a table of counts says more than a two-point curve.
  const facts = DEPTHS.flatMap((L, i) => [fact(`your parameters at L = ${L}`, counts[i] ?? 'none reported'), fact(`expected at L = ${L}`, details.expectedCounts[i]!)]);
  const failing = perDepth.findIndex((o) => !o.passed);
  if (failing >= 0) {
    const perLayer = counts.length === DEPTHS.length ? (counts[1]! - counts[0]!) / (DEPTHS[1]! - DEPTHS[0]!) : NaN;
    const growth =
      Number.isFinite(perLayer) && perLayer !== 2 * D * D
        ? ` Each extra layer adds ${fmt(perLayer)} parameters in your stack; with W_K and W_V shared it must add only its own W_Q and W_O, 2d² = ${2 * D * D}.`
        : '';
    return { passed: false, message: `With L = ${DEPTHS[failing]} layers: ${perDepth[failing]!.message}${growth}`, facts, details };
  }
  const o = plan.other;
  const second = paramCount({ declared: [{ label: `d = ${o.dModel}`, weights: other }], expected: expectedWeights(o.dModel, o.numLayers), formula: formula(o.dModel, o.numLayers) });
  if (!second.passed) return { passed: false, message: `With d = ${o.dModel}, L = ${o.numLayers}: ${second.message} The sizes come from dModel and numLayers.`, facts, details };
  return {
    passed: true,
    message: `${counts.map((c, i) => `${c} parameters at L = ${DEPTHS[i]}`).join(', ')}: 2d² shared (W_K, W_V) + 2d² per layer (W_Q, W_O).`,
    facts,
    details,
  };
}

export default defineVisibleChecks<Plan>({
  'param-count': (ctx) => paramCountOverDepth(ctx.learner('declared', declaredWeightsSchema), ctx.learner('declaredOther', weightListSchema), ctx.plan),

  'permutation-equivariance': (ctx) => {
    const { fx, fPx } = ctx.learner('permuted', permutedSchema);
    const x = ctx.plan.permuted.x;
    // Guard beyond the library's: the residual path alone (f(x) = x) is also equivariant, so the
    // attention branch must actually contribute.
    if (fx.data.length === x.data.length) {
      const zero = { shape: x.shape, data: x.data.map(() => 0) };
      const branch = { shape: x.shape, data: fx.data.map((v, i) => v - x.data[i]!) };
      const cmp = compareData(branch.data, zero.data, x.shape, { atol: 1e-3, rtol: 0 });
      if (cmp.passed) {
        return {
          passed: false,
          message: `Your output equals the input (attention branch contributes at most ${fmt(cmp.maxAbsErr)}): the residual alone is trivially equivariant. Add the attention term.`,
        };
      }
    }
    return equivariance({
      fx,
      fTx: fPx,
      outputTransform: permutation(ctx.plan.permuted.perm, { axis: 1, what: 'tokens' }),
      tolerance: ctx.tolerance,
      axes: AXES,
    });
  },

  'weights-reached': (ctx) => weightsReached(ctx.learner('reach', reachSchema), ctx.plan),

  'no-leaks': (ctx) => {
    const rows = ctx.learner('leaks', leaksSchema);
    const leaking = rows.filter((r) => r.leaked > 0);
    const disposing = rows.filter((r) => r.leaked < 0);
    if (!leaking.length && !disposing.length) return { passed: true, message: `${rows.map((r) => r.call).join(', ')} leaves no tensors behind.` };
    const parts = [
      ...leaking.map((r) => `each call of ${r.call} leaves ${r.leaked} tensor${r.leaked > 1 ? 's' : ''} behind`),
      ...disposing.map((r) => `${r.call} disposes ${-r.leaked} tensor${r.leaked < -1 ? 's' : ''} it did not create (its input or the weights)`),
    ];
    return { passed: false, message: `${parts.join('; ')}. Wrap the computation in tf.tidy, return only the result, create no variables per call, and never dispose what the caller passed in.` };
  },
});
