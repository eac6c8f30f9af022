// Visible checks for tied-embeddings: they run in the learner's browser on a public plan (and again
// on the server as part of the grade), so they use only the learner's own answers and public
// formulas.
import { z } from 'zod';
import {
  declaredWeightsSchema,
  defineVisibleChecks,
  fdLossesSchema,
  finiteDifferences,
  gradientDifferences,
  gradientRecordSchema,
  gradients,
  paramCount,
  weightListSchema,
  type CheckOutcome,
  type NumTensor,
} from '@tyinglab/grader/checks';
import type { Args, Plan } from './probes';

/** The ranges the statement gives for the drawn sizes. */
export const V_RANGE = [5, 16] as const;
export const D_RANGE = [2, 6] as const;

export const expectedWeights = ({ vocabSize: V, embedSize: D }: Args) => [
  { name: 'E', shape: [V, D] },
  { name: 'U', shape: [D, D] },
  { name: 'c', shape: [D] },
  { name: 'bOut', shape: [V] },
];
const formula = ({ vocabSize: V, embedSize: D }: Args) => `V·D + D·D + D + V = ${V}·${D} + ${D}·${D} + ${D} + ${V}`;

export const BOTH_USES_HINT =
  'E is used twice — to look up the input embedding and, transposed, as the output projection — so ∂L/∂E = Xᵀ(∂L/∂e) + Gᵀh, ' +
  'with X the one-hot inputs, G = (softmax(logits) − one-hot(targets)) / N and h the hidden state.';
const COPY_HINT =
  'Compute with the variables weights() returns — not a copy made with dataSync()/arraySync()/tf.tensor(…), and not a second variable kept in step with assign() — so that an optimizer (optimizer.minimize) trains the one tied matrix.';

/** Two calls of gradients() on one model: a batch, then (after a forward pass on another batch) a second one. */
export const twoCallsSchema = z.strictObject({ first: gradientRecordSchema, second: gradientRecordSchema });
export const autodiffSchema = z.strictObject({ first: gradientRecordSchema, second: gradientRecordSchema, fd: fdLossesSchema });
const handWrittenSchema = z.strictObject({ tapeNodes: z.number() });
const leaksSchema = z.array(z.strictObject({ call: z.string().max(64), leaked: z.number().int() })).max(8);
export const reachSchema = z.strictObject({
  declared: z.array(z.strictObject({ name: z.string().max(64), trainable: z.boolean(), gradient: z.number().nullable() })).max(64),
  undeclared: z.array(z.strictObject({ shape: z.array(z.number().int().nonnegative()).max(8), trainable: z.boolean(), gradient: z.number().nullable() })).max(256),
});

/** The declared weights of the main model (at several batch sizes) and of the small one. */
function paramCountBoth(main: { label: string; weights: { name: string; shape: number[] }[] }[], small: { name: string; shape: number[] }[], plan: Plan): CheckOutcome {
  const a = paramCount({ declared: main, expected: expectedWeights(plan.args), formula: formula(plan.args), independentOf: 'batch size' });
  if (!a.passed) return { ...a, message: a.message.replace(/^Your layer's /, "Your model's ") };
  const s = plan.small.args;
  const b = paramCount({ declared: [{ label: `V = ${s.vocabSize}, D = ${s.embedSize}`, weights: small }], expected: expectedWeights(s), formula: formula(s) });
  if (!b.passed) return { ...b, message: `For a model with V = ${s.vocabSize}, D = ${s.embedSize}: ${b.message} The sizes come from vocabSize and embedSize.` };
  return { ...a, message: `${a.message} Also ${b.message}` };
}

/**
 * The learner's gradients() against autodiff through their own logits(), on two calls. When the two
 * disagree, finite differences of the learner's own loss say which one is wrong: a forward pass
 * that computes with a copy of E breaks autodiff, not the hand-written gradient, and that is
 * reported by weights-reached, not here.
 */
export function selfConsistent(manual: z.infer<typeof twoCallsSchema>, auto: z.infer<typeof autodiffSchema>, plan: Plan, tolerance: { atol: number; rtol: number }): CheckOutcome {
  const names = expectedWeights(plan.args).map((w) => w.name);
  const missing = names.filter((n) => !auto.first[n] || !auto.second[n]);
  const pick = (r: Record<string, NumTensor>) => Object.fromEntries(names.filter((n) => r[n]).map((n) => [n, r[n]!]));
  const a = gradients({ actual: manual.first, expected: pick(auto.first), tolerance });
  const b = gradients({ actual: manual.second, expected: pick(auto.second), tolerance });
  if (!missing.length && a.passed && b.passed) {
    return { passed: true, message: 'gradients() equals tf.variableGrads of the mean cross-entropy through your own logits() for E, U, c and bOut, on two batches of different sizes.' };
  }
  const fdManual = finiteDifferences({ coordinates: plan.grad.fd, losses: auto.fd, gradient: manual.first });
  const fdAuto = missing.length ? null : finiteDifferences({ coordinates: plan.grad.fd, losses: auto.fd, gradient: auto.first });
  if (fdManual.passed && (!fdAuto || !fdAuto.passed)) {
    return {
      passed: true,
      message:
        `gradients() agrees with finite differences of your own loss (${plan.grad.fd.length} coordinates), but tf.variableGrads through your logits() ` +
        `${missing.length ? `does not reach ${missing.join(', ')}` : 'does not'}: your gradient is right, your forward pass is not differentiable through the tied weights (see "weights-reached").`,
    };
  }
  const parts: string[] = [];
  if (missing.length) parts.push(`tf.variableGrads through your logits() does not reach ${missing.join(', ')}, and your gradients() does not match finite differences of your own loss either`);
  if (!a.passed) parts.push(`first batch: ${gradientDifferences(a.message)}`);
  if (!b.passed) parts.push(`second batch (another size, same model): ${gradientDifferences(b.message)}`);
  return { passed: false, message: `gradients() differs from tf.variableGrads through your own logits(): ${parts.join('; ')}. ${BOTH_USES_HINT}` };
}

/**
 * Every declared weight is reached by autodiff through the forward pass, with the slope finite
 * differences of the same loss measure; no undeclared trainable variable is.
 */
export function weightsReached(reach: z.infer<typeof reachSchema>, auto: z.infer<typeof autodiffSchema>, plan: Plan): CheckOutcome {
  const problems: string[] = [];
  for (const w of reach.declared) {
    if (!w.trainable) problems.push(`"${w.name}" is not trainable (tf.variable(…, false)), so no optimizer updates it`);
    else if (w.gradient === null || !(w.gradient > 0)) problems.push(`autodiff of the loss through your logits() does not reach "${w.name}" at all`);
  }
  const extra = reach.undeclared.filter((v) => v.trainable && v.gradient !== null && v.gradient > 0);
  if (extra.length) {
    problems.push(
      `your code creates ${extra.length} trainable variable${extra.length > 1 ? 's' : ''} that weights() does not list (shape${extra.length > 1 ? 's' : ''} ${extra.map((v) => `[${v.shape.join(', ')}]`).join(', ')}) and the loss depends on ${extra.length > 1 ? 'them' : 'it'}: ` +
        'an optimizer would train it as a separate, untied weight',
    );
  }
  if (!problems.length) {
    // Reached, but with the slope of the forward pass? A forward pass that uses a copy for one of
    // the two uses gets a gradient from the other use only.
    const fd = finiteDifferences({ coordinates: plan.grad.fd, losses: auto.fd, gradient: auto.first });
    if (!fd.passed) {
      problems.push(
        `tf.variableGrads through your logits() disagrees with finite differences of the very same loss (${fd.message.replace(/^Your gradient disagrees with finite differences of your own loss on /, '').replace(/ Your backward pass does not match your forward pass\.$/, '').replace(/\.$/, '')}): part of your forward pass computes with a copy of a weight that gradients do not flow through`,
      );
    }
  }
  if (problems.length) return { passed: false, message: `${problems.join('; ')}. ${COPY_HINT}` };
  return { passed: true, message: `Autodiff through your logits() reaches exactly your declared weights (${reach.declared.map((w) => w.name).join(', ')}), with the slopes finite differences measure; no other variable takes part.` };
}

export default defineVisibleChecks<Plan>({
  'param-count': (ctx) => paramCountBoth(ctx.learner('declared', declaredWeightsSchema), ctx.learner('declaredSmall', weightListSchema), ctx.plan),

  'gradient-self-consistent': (ctx) => selfConsistent(ctx.learner('manualGrad', twoCallsSchema), ctx.learner('autodiffGrad', autodiffSchema), ctx.plan, ctx.tolerance),

  'gradient-by-hand': (ctx) => {
    const { tapeNodes } = ctx.learner('handWritten', handWrittenSchema);
    if (tapeNodes > 0) {
      return {
        passed: false,
        message: `While your gradients() ran, TensorFlow.js recorded ${tapeNodes} operations on a gradient tape: it calls tf.grad, tf.grads, tf.variableGrads, tf.valueAndGrads or optimizer.minimize. Write the gradients by hand with matMul and sum. ${BOTH_USES_HINT}`,
      };
    }
    return { passed: true, message: 'gradients() is written by hand: no gradient tape was recorded while it ran.' };
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
