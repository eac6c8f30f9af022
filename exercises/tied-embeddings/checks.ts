// Trusted checks for tied-embeddings (checker zone). The plan is built here from the per-run RNG;
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
import visibleChecks, { BOTH_USES_HINT, D_RANGE, V_RANGE, autodiffSchema, reachSchema, twoCallsSchema, weightsReached } from './visible-checks';

/** A value and a reference shown with as many digits as it takes to tell them apart. */
function pair(a: number, b: number): [string, string] {
  for (let p = 3; p <= 9; p++) {
    const x = a.toPrecision(p);
    const y = b.toPrecision(p);
    if (x !== y) return [String(Number(x)), String(Number(y))];
  }
  return [String(a), String(b)];
}

const randomIds = (rng: Rng, n: number, V: number): number[] => Array.from({ length: n }, () => rng.int(0, V - 1));

/** Weights of both magnitudes the statement allows (standard deviations 0.2 to 1.5). */
const weightsFor = (rng: Rng, { vocabSize: V, embedSize: D }: Args): Record<string, NumTensor> => ({
  E: randomTensor(rng, [V, D], rng.uniform(0.2, 1.5)),
  U: randomTensor(rng, [D, D], rng.uniform(0.2, 1.5)),
  c: randomTensor(rng, [D], 0.3),
  bOut: randomTensor(rng, [V], 0.3),
});

export default defineChecks<Plan>({
  makePlan(rng) {
    // Every size the statement allows: V in [5, 16], D in [2, 6], and a small model with V in
    // [2, 4], D in [1, 2]; batches from a single token up.
    const V = rng.int(V_RANGE[0], V_RANGE[1]);
    const args = { vocabSize: V, embedSize: rng.int(D_RANGE[0], D_RANGE[1]) };
    const sV = rng.int(2, 4);
    const small = { vocabSize: sV, embedSize: rng.int(1, 2) };
    const n = rng.int(2, 9);
    const n1 = rng.int(1, 8);
    const n2 = rng.int(2, 8);
    const weights = weightsFor(rng, args);
    return {
      args,
      small: { args: small, weights: weightsFor(rng, small), tokens: randomIds(rng, rng.int(1, 4), sV) },
      weights,
      update: weightsFor(rng, args),
      batches: [
        { label: 'a single token', tokens: randomIds(rng, 1, V) },
        { label: `a batch of ${n} tokens`, tokens: randomIds(rng, n, V) },
      ],
      grad: {
        tokens: randomIds(rng, n1, V),
        targets: randomIds(rng, n1, V),
        // A token that occurs twice: its input-use gradients must add up, not overwrite each other.
        tokens2: (() => {
          const t = randomIds(rng, n2, V);
          t[n2 - 1] = t[0]!;
          return t;
        })(),
        targets2: randomIds(rng, n2, V),
        // A forward pass on another batch of the same size runs between the two gradient calls.
        between: randomIds(rng, n2, V),
        // More coordinates of the tied E: a forward pass that detaches one of its two uses must show.
        fd: [...finiteDifferencePlan(rng, weights, { perParam: 6, params: ['E'] }), ...finiteDifferencePlan(rng, weights, { perParam: 2, params: ['U', 'c', 'bOut'] })],
      },
      train: {
        lr: rng.uniform(0.2, 0.5),
        batches: Array.from({ length: 4 }, () => {
          const k = rng.int(1, 6);
          return { tokens: randomIds(rng, k, V), targets: randomIds(rng, k, V) };
        }),
      },
    };
  },
  checks: {
    ...visibleChecks,

    'matches-reference': matchesReferenceCheck({
      outputs: { logits: tensorSchema({ rank: 2, maxSize: 1 << 12 }) },
      axes: ['n', 'v'],
      what: 'output (logits)',
      hint: (matched) =>
        matched.slice(0, 2).every(Boolean) && !matched.every(Boolean)
          ? 'The first model is right on a fresh start but not after another model was created or new weights were assigned: read E, U, c and bOut from the variables on every call (no module-level weights, nothing cached).'
          : undefined,
    }),

    'gradient-matches-reference': (ctx) => {
      const mine = ctx.learner('manualGrad', twoCallsSchema);
      const ref = ctx.reference('autodiffGrad', autodiffSchema);
      const a = gradients({ actual: mine.first, expected: ref.first, tolerance: ctx.tolerance });
      const b = gradients({ actual: mine.second, expected: ref.second, tolerance: ctx.tolerance });
      if (a.passed && b.passed) return { passed: true, message: 'gradients() matches the reference autodiff on two batches of different sizes: both uses of E are accounted for.' };
      const parts = [...(a.passed ? [] : [`first batch: ${gradientDifferences(a.message)}`]), ...(b.passed ? [] : [`second batch (same model, another size): ${gradientDifferences(b.message)}`])];
      return { passed: false, fraction: a.passed || b.passed ? 0.5 : 0, message: `gradients() differs from the reference autodiff (same weights and tokens): ${parts.join('; ')}. ${BOTH_USES_HINT}` };
    },

    'trains-like-reference': (ctx): CheckOutcome => {
      const mine = ctx.learner('train', trainingAnswerSchema);
      const ref = ctx.reference('train', trainingAnswerSchema);
      const what = `${ref.losses.length} SGD steps (lr ${fmt(ctx.plan.train.lr)}) of optimizer.minimize over every variable your code creates`;
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
      if (!problems.length) return { passed: true, message: `Trains like the reference: ${what}, loss ${fmt(ref.losses[0]!)} → ${fmt(ref.losses[ref.losses.length - 1]!)}.` };
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
        message: `Trained with ${what}, from the grader's weights: ${problems.join('; ')}.${causes.length ? ` Cause: ${causes.join('; ')}.` : ''} Compute logits with the variables weights() returns.`,
      };
    },
  },
});
