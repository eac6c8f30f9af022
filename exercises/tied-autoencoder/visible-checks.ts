// Visible checks for tied-autoencoder: they run in the learner's browser on a public plan (and
// again on the server as part of the grade), so they use only the learner's own answers and public
// formulas.
import { z } from 'zod';
import {
  declaredWeightsSchema,
  defineVisibleChecks,
  fdLossesSchema,
  finiteDifferences,
  fmt,
  gradientDifferences,
  gradientRecordSchema,
  gradients,
  paramCount,
  tensorSchema,
  weightListSchema,
  type CheckOutcome,
  type NumTensor,
} from '@tyinglab/grader/checks';
import type { Args, Plan } from './probes';

/** The ranges the statement gives for the drawn sizes. */
export const D_RANGE = [4, 10] as const;
export const SMALL_D_RANGE = [2, 4] as const;

export const expectedWeights = ({ inputSize: D, codeSize: K }: Args) => [
  { name: 'W', shape: [D, K] },
  { name: 'b', shape: [D] },
];
const formula = ({ inputSize: D, codeSize: K }: Args) => `D·K + D = ${D}·${K} + ${D}`;

export const tensor2 = tensorSchema({ rank: 2, maxSize: 1 << 12 });
export const BOTH_USES_HINT =
  'W is used twice, so its gradient has two terms: xᵀ(G W) from the encoder and Gᵀz from the decoder, with G = x̂ − x and z = x W.';
const COPY_HINT =
  'Compute with the variables weights() returns — not a copy made with dataSync()/arraySync()/tf.tensor(…), and not a second variable kept in step with assign() — so that an optimizer (optimizer.minimize) trains the one tied matrix.';

/** Two calls of gradients() on one model: a batch, then a batch of another size. */
export const twoCallsSchema = z.strictObject({ first: gradientRecordSchema, second: gradientRecordSchema });
export const autodiffSchema = z.strictObject({ first: gradientRecordSchema, second: gradientRecordSchema, fd: fdLossesSchema });
const handWrittenSchema = z.strictObject({ tapeNodes: z.number() });
const leaksSchema = z.array(z.strictObject({ call: z.string().max(64), leaked: z.number().int() })).max(8);
export const reachSchema = z.strictObject({
  declared: z.array(z.strictObject({ name: z.string().max(64), trainable: z.boolean(), gradient: z.number().nullable() })).max(64),
  undeclared: z.array(z.strictObject({ shape: z.array(z.number().int().nonnegative()).max(8), trainable: z.boolean(), gradient: z.number().nullable() })).max(256),
});

/** Eigenvalues of a symmetric matrix (cyclic Jacobi rotations; D is tiny). */
export function symmetricEigenvalues(m: number[][]): number[] {
  const n = m.length;
  const a = m.map((r) => r.slice());
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
      }
    }
  }
  return a.map((r, i) => r[i]!).sort((x, y) => y - x);
}

/**
 * The end-to-end linear map S of a tied linear autoencoder is W Wᵀ: symmetric and positive
 * semidefinite (rank ≤ K). Guarded: S ≈ 0 (a model that ignores its input) does not pass.
 */
function symmetricPsd(S: NumTensor, { inputSize: D, codeSize: K }: Args, tol: { atol: number; rtol: number }): CheckOutcome {
  const n = S.shape[0] ?? 0;
  if (S.shape.length !== 2 || S.shape[1] !== n || n !== D) {
    return { passed: false, message: `reconstruct() should map [${D}, ${D}] to [${D}, ${D}], got [${S.shape.join(', ')}].` };
  }
  const at = (i: number, j: number) => S.data[i * n + j]!;
  let scale = 0;
  let asym = 0;
  let worst: [number, number] = [0, 0];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      scale = Math.max(scale, Math.abs(at(i, j)));
      const d = Math.abs(at(i, j) - at(j, i));
      if (d > asym) {
        asym = d;
        worst = [i, j];
      }
    }
  }
  const details: Record<string, unknown> = { scale, maxAsymmetry: asym };
  if (scale <= 1e-3) {
    return { passed: false, message: `Your reconstruction barely depends on the input (largest entry of the linear map ${fmt(scale)}): use random initial weights, not zeros.`, details };
  }
  const symTol = tol.atol + tol.rtol * scale;
  if (asym > symTol) {
    return {
      passed: false,
      message:
        `S = reconstruct(I) − reconstruct(0) (the linear part of x ↦ x̂) is not symmetric: entry [${worst[0]}, ${worst[1]}] is ${fmt(at(worst[0], worst[1]))} but [${worst[1]}, ${worst[0]}] is ${fmt(at(worst[1], worst[0]))}. ` +
        'With a tied decoder the map is W Wᵀ, which is symmetric: decode with the transpose of the encoder matrix (tf.matMul(z, W, false, true)), not a separate matrix or a reshape.',
      details,
    };
  }
  const sym = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (at(i, j) + at(j, i)) / 2));
  const eig = symmetricEigenvalues(sym);
  const minEig = eig[eig.length - 1]!;
  const rank = eig.filter((e) => e > 1e-3 * eig[0]!).length;
  Object.assign(details, { eigenvalues: eig, numericalRank: rank });
  if (minEig < -(tol.atol + tol.rtol * scale)) {
    return {
      passed: false,
      message: `The linear map is symmetric but has a negative eigenvalue (${fmt(minEig)}), so it is not W Wᵀ for any W. Decode with +Wᵀ, the same matrix as the encoder.`,
      details,
    };
  }
  // A rank above K means the decoder is not the encoder's matrix (a symmetric, but untied, map).
  if (rank > K) {
    return { passed: false, message: `The linear map has numerical rank ${rank}, but W Wᵀ with W of shape [${D}, ${K}] has rank at most K = ${K}: the decoder must reuse W.`, details };
  }
  return {
    passed: true,
    message: `S = reconstruct(I) − reconstruct(0) is symmetric positive semidefinite (eigenvalues ${fmt(eig[0]!)} … ${fmt(minEig)}${minEig < 0 ? ' (≈ 0, round-off)' : ''}, numerical rank ${rank} ≤ K = ${K}), as W Wᵀ must be.`,
    details,
  };
}

/** The declared weights of the main model (at several batch sizes) and of the small one. */
function paramCountBoth(main: { label: string; weights: { name: string; shape: number[] }[] }[], small: { name: string; shape: number[] }[], plan: Plan): CheckOutcome {
  const a = paramCount({ declared: main, expected: expectedWeights(plan.args), formula: formula(plan.args), independentOf: 'batch size' });
  if (!a.passed) return { ...a, message: a.message.replace(/^Your layer's /, "Your model's ") };
  const s = plan.small.args;
  const b = paramCount({ declared: [{ label: `D = ${s.inputSize}, K = ${s.codeSize}`, weights: small }], expected: expectedWeights(s), formula: formula(s) });
  if (!b.passed) return { ...b, message: `For a model with D = ${s.inputSize}, K = ${s.codeSize}: ${b.message} The sizes come from inputSize and codeSize.` };
  return { ...a, message: `${a.message} Also ${b.message}` };
}

/**
 * The learner's gradients(x) against autodiff through their own reconstruct(), on two calls. When
 * the two disagree, finite differences of the learner's own loss say which one is wrong: a
 * forward pass that computes with a copy of W breaks autodiff, not the hand-written gradient, and
 * that is reported by weights-reached, not here.
 */
export function selfConsistent(manual: z.infer<typeof twoCallsSchema>, auto: z.infer<typeof autodiffSchema>, plan: Plan, tolerance: { atol: number; rtol: number }): CheckOutcome {
  const names = expectedWeights(plan.args).map((w) => w.name);
  const missing = names.filter((n) => !auto.first[n] || !auto.second[n]);
  const pick = (r: Record<string, NumTensor>) => Object.fromEntries(names.filter((n) => r[n]).map((n) => [n, r[n]!]));
  const a = gradients({ actual: manual.first, expected: pick(auto.first), tolerance });
  const b = gradients({ actual: manual.second, expected: pick(auto.second), tolerance });
  if (!missing.length && a.passed && b.passed) {
    return { passed: true, message: 'gradients(x) equals tf.variableGrads of ½ Σ (x̂ − x)² through your own reconstruct() for W and b, on two batches of different sizes.' };
  }
  const fdManual = finiteDifferences({ coordinates: plan.grad.fd, losses: auto.fd, gradient: manual.first });
  const fdAuto = missing.length ? null : finiteDifferences({ coordinates: plan.grad.fd, losses: auto.fd, gradient: auto.first });
  if (fdManual.passed && (!fdAuto || !fdAuto.passed)) {
    return {
      passed: true,
      message:
        `gradients(x) agrees with finite differences of your own loss (${plan.grad.fd.length} coordinates), but tf.variableGrads through your reconstruct() ` +
        `${missing.length ? `does not reach ${missing.join(', ')}` : 'does not'}: your gradient is right, your forward pass is not differentiable through the tied weights (see "weights-reached").`,
    };
  }
  const parts: string[] = [];
  if (missing.length) parts.push(`tf.variableGrads through your reconstruct() does not reach ${missing.join(', ')}, and your gradients(x) does not match finite differences of your own loss either`);
  if (!a.passed) parts.push(`first batch: ${gradientDifferences(a.message)}`);
  if (!b.passed) parts.push(`second batch (another size, same model): ${gradientDifferences(b.message)}`);
  return { passed: false, message: `gradients(x) differs from tf.variableGrads through your own reconstruct(): ${parts.join('; ')}. ${BOTH_USES_HINT}` };
}

/**
 * Every declared weight is reached by autodiff through the forward pass (and, where the plan has
 * finite-difference coordinates, with the right slope); no undeclared trainable variable is.
 */
export function weightsReached(reach: z.infer<typeof reachSchema>, auto: z.infer<typeof autodiffSchema>, plan: Plan): CheckOutcome {
  const problems: string[] = [];
  for (const w of reach.declared) {
    if (!w.trainable) problems.push(`"${w.name}" is not trainable (tf.variable(…, false)), so no optimizer updates it`);
    else if (w.gradient === null || !(w.gradient > 0)) problems.push(`autodiff of the loss through your reconstruct() does not reach "${w.name}" at all`);
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
    const fd = finiteDifferences({ coordinates: plan.grad.fd, losses: auto.fd, gradient: auto.first, tolerance: { atol: 1e-3, rtol: 2e-2 } });
    if (!fd.passed) {
      problems.push(
        `tf.variableGrads through your reconstruct() disagrees with finite differences of the very same loss (${fd.message.replace(/^Your gradient disagrees with finite differences of your own loss on /, '').replace(/ Your backward pass does not match your forward pass\.$/, '').replace(/\.$/, '')}): part of your forward pass computes with a copy of a weight that gradients do not flow through`,
      );
    }
  }
  if (problems.length) return { passed: false, message: `${problems.join('; ')}. ${COPY_HINT}` };
  return { passed: true, message: `Autodiff through your reconstruct() reaches exactly your declared weights (${reach.declared.map((w) => w.name).join(', ')}), with the slopes finite differences measure; no other variable takes part.` };
}

export default defineVisibleChecks<Plan>({
  'param-count': (ctx) => paramCountBoth(ctx.learner('declared', declaredWeightsSchema), ctx.learner('declaredSmall', weightListSchema), ctx.plan),

  'symmetric-psd': (ctx) => symmetricPsd(ctx.learner('linearMap', tensor2), ctx.plan.args, ctx.tolerance),

  'gradient-self-consistent': (ctx) => selfConsistent(ctx.learner('manualGrad', twoCallsSchema), ctx.learner('autodiffGrad', autodiffSchema), ctx.plan, ctx.tolerance),

  'gradient-by-hand': (ctx) => {
    const { tapeNodes } = ctx.learner('handWritten', handWrittenSchema);
    if (tapeNodes > 0) {
      return {
        passed: false,
        message: `While your gradients(x) ran, TensorFlow.js recorded ${tapeNodes} operations on a gradient tape: it calls tf.grad, tf.grads, tf.variableGrads, tf.valueAndGrads or optimizer.minimize. Write the two terms of ∂L/∂W (and ∂L/∂b) by hand with matMul and sum. ${BOTH_USES_HINT}`,
      };
    }
    return { passed: true, message: 'gradients(x) is written by hand: no gradient tape was recorded while it ran.' };
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

