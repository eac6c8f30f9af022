// Trusted checks for tied-autoencoder (checker zone). The plan is built here from the per-run RNG;
// the learner's answers are validated and compared with the reference solution's. The visible
// checks live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import {
  compareData,
  defineChecks,
  finiteDifferencePlan,
  fmt,
  gradientDifferences,
  gradients,
  matchesReferenceCheck,
  randomTensor,
  tensorSchema,
  trainingAnswerSchema,
  type CheckOutcome,
  type NumTensor,
  type Rng,
} from '@tyinglab/grader/checks';
import type { Args, Plan } from './probes';
import visibleChecks, { BOTH_USES_HINT, D_RANGE, SMALL_D_RANGE, autodiffSchema, reachSchema, tensor2, twoCallsSchema, weightsReached } from './visible-checks';

/** A value and a reference shown with as many digits as it takes to tell them apart. */
function pair(a: number, b: number): [string, string] {
  for (let p = 3; p <= 9; p++) {
    const x = a.toPrecision(p);
    const y = b.toPrecision(p);
    if (x !== y) return [String(Number(x)), String(Number(y))];
  }
  return [String(a), String(b)];
}

const weightsFor = (rng: Rng, { inputSize: D, codeSize: K }: Args, scale: number): Record<string, NumTensor> => ({
  W: randomTensor(rng, [D, K], scale),
  b: randomTensor(rng, [D], 0.3),
});

const trainSchema = trainingAnswerSchema.extend({ inputGrad: tensorSchema({ maxSize: 1 << 12 }).nullable() });

export default defineChecks<Plan>({
  makePlan(rng) {
    // Every size the statement allows: D in [4, 10] with 2 ≤ K ≤ D − 2 for the main model (a
    // reshape of W is not its transpose once K ≥ 2), and a small model with D in [2, 4], K = 1…D−1.
    const D = rng.int(D_RANGE[0], D_RANGE[1]);
    const args = { inputSize: D, codeSize: rng.int(2, D - 2) };
    const smallD = rng.int(SMALL_D_RANGE[0], SMALL_D_RANGE[1]);
    const small = { inputSize: smallD, codeSize: rng.int(1, smallD - 1) };
    // Weight magnitudes over a range, not only near 1.
    const scale = rng.uniform(0.2, 1.2);
    const n = rng.int(2, 7);
    const n2 = rng.int(2, 6);
    const weights = weightsFor(rng, args, scale);
    return {
      args,
      small: { args: small, weights: weightsFor(rng, small, rng.uniform(0.3, 1.2)), x: randomTensor(rng, [rng.int(1, 4), smallD]) },
      weights,
      update: weightsFor(rng, args, rng.uniform(0.2, 1.2)),
      inputs: [
        { label: 'a batch of 1', x: randomTensor(rng, [1, D]) },
        { label: `a batch of ${n}`, x: randomTensor(rng, [n, D], rng.uniform(0.5, 3)) },
      ],
      grad: {
        x: randomTensor(rng, [rng.int(1, 6), D]),
        x2: randomTensor(rng, [n2, D]),
        // A forward pass on another batch of the same size runs between the two gradient calls.
        between: randomTensor(rng, [n2, D]),
        fd: finiteDifferencePlan(rng, weights, { perParam: 3 }),
      },
      // Small steps: the loss is quartic in W, and a frozen W must still be far beyond tolerance.
      train: { lr: rng.uniform(0.01, 0.03), batches: Array.from({ length: 4 }, () => randomTensor(rng, [rng.int(1, 5), D])) },
    };
  },
  checks: {
    ...visibleChecks,

    'matches-reference': matchesReferenceCheck({
      outputs: {
        code: { schema: tensor2, label: (l) => `encode(x) for ${l}` },
        recon: { schema: tensor2, label: (l) => `reconstruct(x) for ${l}` },
      },
      hint: (matched) =>
        matched.slice(0, 2).every(Boolean) && !matched.every(Boolean)
          ? 'The first model is right on a fresh start but not after another model was created or new weights were assigned: read W and b from the variables on every call (no module-level weights, nothing cached from the first call).'
          : undefined,
    }),

    'gradient-matches-reference': (ctx) => {
      const mine = ctx.learner('manualGrad', twoCallsSchema);
      const ref = ctx.reference('autodiffGrad', autodiffSchema);
      const a = gradients({ actual: mine.first, expected: ref.first, tolerance: ctx.tolerance });
      const b = gradients({ actual: mine.second, expected: ref.second, tolerance: ctx.tolerance });
      if (a.passed && b.passed) return { passed: true, message: 'gradients(x) matches the reference autodiff on two batches of different sizes: both uses of W are accounted for.' };
      const parts = [...(a.passed ? [] : [`first batch: ${gradientDifferences(a.message)}`]), ...(b.passed ? [] : [`second batch (same model, another size): ${gradientDifferences(b.message)}`])];
      return { passed: false, fraction: a.passed || b.passed ? 0.5 : 0, message: `gradients(x) differs from the reference autodiff (same weights and batches): ${parts.join('; ')}. ${BOTH_USES_HINT}` };
    },

    'trains-like-reference': (ctx): CheckOutcome => {
      const mine = ctx.learner('train', trainSchema);
      const ref = ctx.reference('train', trainSchema);
      const { lr } = ctx.plan.train;
      const what = `${ref.losses.length} SGD steps (lr ${fmt(lr)}) of optimizer.minimize over every variable your code creates`;
      const problems: string[] = [];
      // Accumulated float32 error over a few steps: 10 × the exercise's tolerance, as trainsLikeReference.
      const tol = { atol: ctx.tolerance.atol * 10, rtol: ctx.tolerance.rtol * 10 };
      const frozen: string[] = [];
      for (const [name, r] of Object.entries(ref.weights)) {
        const got = mine.weights[name];
        if (!got || got.data.length !== r.data.length) {
          problems.push(`"${name}" is missing or has another shape after training`);
          continue;
        }
        const cmp = compareData(got.data, r.data, r.shape, tol);
        if (cmp.passed) continue;
        const init = ctx.plan.weights[name]!;
        if (compareData(got.data, init.data, init.shape, ctx.tolerance).passed) frozen.push(name);
        const [g, e] = pair(cmp.worstActual, cmp.worstExpected);
        problems.push(`after training "${name}" differs from the reference by up to ${fmt(cmp.maxAbsErr)} (got ${g}, expected ${e})`);
      }
      if (mine.losses.length !== ref.losses.length) problems.push(`${mine.losses.length} losses for ${ref.losses.length} steps`);
      else {
        const cmp = compareData(mine.losses, ref.losses, [ref.losses.length], tol);
        if (!cmp.passed) {
          const [g, e] = pair(cmp.worstActual, cmp.worstExpected);
          problems.push(`the loss before step ${(cmp.worst?.[0] ?? 0) + 1} is ${g}, the reference's ${e}`);
        }
      }
      if (!mine.inputGrad) problems.push('∂L/∂x cannot be computed through your reconstruct(x): it must be differentiable in x too (no dataSync()/arraySync() copies of the input)');
      else if (ref.inputGrad) {
        const cmp = compareData(mine.inputGrad.data, ref.inputGrad.data, ref.inputGrad.shape, ctx.tolerance);
        if (mine.inputGrad.shape.join() !== ref.inputGrad.shape.join() || !cmp.passed) problems.push(`∂L/∂x through your reconstruct(x) differs from the reference by up to ${fmt(cmp.maxAbsErr)}`);
      }
      if (!problems.length) return { passed: true, message: `Trains like the reference: ${what}, loss ${fmt(ref.losses[0]!)} → ${fmt(ref.losses[ref.losses.length - 1]!)}; ∂L/∂x matches too.` };
      // Point at the cause: frozen weights and undeclared variables are forward-pass problems.
      const causes: string[] = [];
      if (frozen.length) causes.push(`${frozen.map((n) => `"${n}"`).join(' and ')} never moved: autodiff through your forward pass does not reach ${frozen.length > 1 ? 'them' : 'it'} (a copy of the weight is used)`);
      const reach = ctx.learner('reach', reachSchema);
      const extra = reach.undeclared.filter((v) => v.trainable && v.gradient !== null && v.gradient > 0);
      if (extra.length) causes.push(`the optimizer also trained ${extra.length} variable${extra.length > 1 ? 's' : ''} that weights() does not declare, so the tie is broken`);
      const wr = weightsReached(reach, ctx.learner('autodiffGrad', autodiffSchema), ctx.plan);
      if (!causes.length && !wr.passed) causes.push('autodiff through your forward pass does not follow your tied weights (see "weights-reached")');
      return {
        passed: false,
        message: `Trained with ${what}, from the grader's weights: ${problems.join('; ')}.${causes.length ? ` Cause: ${causes.join('; ')}.` : ''} Compute encode and reconstruct with the variables weights() returns.`,
      };
    },
  },
});

