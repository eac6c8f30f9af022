// Trusted checks for shared-kv-attention (checker zone). The plan is built here from the per-run
// RNG; the learner's answers are validated and compared with the reference solution's. The visible
// checks live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import {
  compareData,
  defineChecks,
  finiteDifferencePlan,
  fmt,
  matchesReferenceCheck,
  permutation,
  randomPermutation,
  randomTensor,
  tensorSchema,
  trainingAnswerSchema,
  type CheckOutcome,
  type NumTensor,
  type Rng,
} from '@tyinglab/grader/checks';
import type { Plan } from './probes';
import visibleChecks, { AXES, DEPTH_RANGE, D_RANGE, expectedWeights, reachSchema, tensor, weightsReached } from './visible-checks';

/** A value and a reference shown with as many digits as it takes to tell them apart. */
function pair(a: number, b: number): [string, string] {
  for (let p = 3; p <= 9; p++) {
    const x = a.toPrecision(p);
    const y = b.toPrecision(p);
    if (x !== y) return [String(Number(x)), String(Number(y))];
  }
  return [String(a), String(b)];
}

/** Weights of every layer, with a standard deviation between lo/√d and hi/√d drawn per run. */
function weightsFor(rng: Rng, d: number, numLayers: number, lo = 0.4, hi = 2.4): Record<string, NumTensor> {
  const std = rng.uniform(lo, hi) / Math.sqrt(d);
  const weights: Record<string, NumTensor> = {};
  for (const w of expectedWeights(d, numLayers)) weights[w.name] = randomTensor(rng, w.shape, std);
  return weights;
}

const trainSchema = trainingAnswerSchema.extend({ inputGrad: tensorSchema({ maxSize: 1 << 12 }).nullable() });

export default defineChecks<Plan>({
  makePlan(rng) {
    // Every size the statement allows: d in [2, 8] (and a second, different d), L = 1 and L in
    // [2, 4]; batches of 1 to 3 sequences of 1 to 7 tokens (a set of one included).
    const d = rng.int(D_RANGE[0], D_RANGE[1]);
    const otherD = D_RANGE[0] + ((d - D_RANGE[0] + rng.int(1, D_RANGE[1] - D_RANGE[0])) % (D_RANGE[1] - D_RANGE[0] + 1));
    const numLayers = rng.int(DEPTH_RANGE[0], DEPTH_RANGE[1]);
    const weights = weightsFor(rng, d, numLayers);
    // Moderate weights for the gradient and training probes: finite differences stay accurate (no
    // saturated softmax) and SGD does not diverge.
    const trainWeights = weightsFor(rng, d, numLayers, 0.3, 0.8);
    const T = rng.int(3, 7);
    const x = randomTensor(rng, [rng.int(1, 3), T, d]);
    const perm = randomPermutation(rng, T);
    const seq = (n: number, t: number) => randomTensor(rng, [n, t, d]);
    // At least two tokens: with one, the softmax is 1 whatever the queries, and W_Q gets no gradient.
    const gx = seq(rng.int(1, 3), rng.int(2, 6));
    const otherLayers = rng.int(1, DEPTH_RANGE[1]);
    const n = rng.int(2, 3);
    const t = rng.int(2, 7);
    return {
      dModel: d,
      depths: [1, rng.int(DEPTH_RANGE[0], DEPTH_RANGE[1])],
      probeX: seq(1, rng.int(1, 5)),
      other: { dModel: otherD, numLayers: otherLayers, weights: weightsFor(rng, otherD, otherLayers), x: randomTensor(rng, [rng.int(1, 2), rng.int(1, 5), otherD]) },
      injected: {
        numLayers,
        weights,
        update: weightsFor(rng, d, numLayers),
        inputs: [
          { label: 'one sequence of one token', x: seq(1, 1) },
          { label: `a batch of ${n} sequences of ${t} tokens`, x: seq(n, t) },
        ],
      },
      permuted: { x, perm, px: permutation(perm, { axis: 1, what: 'tokens' }).apply(x) },
      grad: { x: gx, dY: randomTensor(rng, gx.shape), fd: finiteDifferencePlan(rng, trainWeights, { perParam: 2 }) },
      // Training starts from moderate weights with small steps: the loss is linear in the output, and
      // large weights would make SGD diverge; a frozen or untrained weight still moves far beyond tolerance.
      train: {
        lr: rng.uniform(0.005, 0.02),
        weights: trainWeights,
        batches: Array.from({ length: 3 }, () => {
          const b = seq(rng.int(1, 3), rng.int(1, 6));
          return { x: b, dY: randomTensor(rng, b.shape) };
        }),
      },
    };
  },
  checks: {
    ...visibleChecks,

    'matches-reference': matchesReferenceCheck<Plan>({
      outputs: { y: tensor },
      axes: AXES,
      hint: (matched, plan) => {
        const n = plan.injected.inputs.length;
        return matched.slice(0, n).every(Boolean) && !matched.every(Boolean)
          ? 'The stack is right on a fresh start but not after another stack was created or new weights were assigned: read every weight from the variables on every call (no module-level weights, nothing cached).'
          : undefined;
      },
    }),

    'trains-like-reference': (ctx): CheckOutcome => {
      const mine = ctx.learner('train', trainSchema);
      const ref = ctx.reference('train', trainSchema);
      const what = `${ref.losses.length} SGD steps (lr ${fmt(ctx.plan.train.lr)}) of optimizer.minimize over every variable your code creates`;
      const problems: string[] = [];
      // Accumulated float32 error over a few steps: 10 × the exercise's tolerance, as trainsLikeReference.
      const tol = { atol: ctx.tolerance.atol * 10, rtol: ctx.tolerance.rtol * 10 };
      const frozen: string[] = [];
      const differing: string[] = [];
      let first = '';
      for (const [name, r] of Object.entries(ref.weights)) {
        const got = mine.weights[name];
        if (!got || got.data.length !== r.data.length) {
          problems.push(`"${name}" is missing or has another shape after training`);
          continue;
        }
        const cmp = compareData(got.data, r.data, r.shape, tol);
        if (cmp.passed) continue;
        const init = ctx.plan.train.weights[name]!;
        if (compareData(got.data, init.data, init.shape, ctx.tolerance).passed) frozen.push(name);
        differing.push(name);
        if (!first) {
          const [g, e] = pair(cmp.worstActual, cmp.worstExpected);
          first = `after training "${name}" differs from the reference by up to ${fmt(cmp.maxAbsErr)} (got ${g}, expected ${e})`;
        }
      }
      // Every weight that differs is named (the shared ones first tell the story).
      if (differing.length) problems.push(`${first}${differing.length > 1 ? `; ${differing.length} weights differ: ${differing.map((n) => `"${n}"`).join(', ')}` : ''}`);
      if (mine.losses.length !== ref.losses.length) problems.push(`${mine.losses.length} losses for ${ref.losses.length} steps`);
      else {
        const cmp = compareData(mine.losses, ref.losses, [ref.losses.length], tol);
        if (!cmp.passed) {
          const [g, e] = pair(cmp.worstActual, cmp.worstExpected);
          problems.push(`the loss before step ${(cmp.worst?.[0] ?? 0) + 1} is ${g}, the reference's ${e}`);
        }
      }
      if (!mine.inputGrad) problems.push('∂L/∂x cannot be computed through your apply(x): it must be differentiable in x too (no dataSync()/arraySync() copies of the input)');
      else if (ref.inputGrad) {
        const cmp = compareData(mine.inputGrad.data, ref.inputGrad.data, ref.inputGrad.shape, ctx.tolerance);
        if (mine.inputGrad.shape.join() !== ref.inputGrad.shape.join() || !cmp.passed) problems.push(`∂L/∂x through your apply(x) differs from the reference by up to ${fmt(cmp.maxAbsErr)}`);
      }
      if (!problems.length) return { passed: true, message: `Trains like the reference: ${what}, loss ${fmt(ref.losses[0]!)} → ${fmt(ref.losses[ref.losses.length - 1]!)}; ∂L/∂x matches too. W_K and W_V receive every layer's gradient.` };
      const causes: string[] = [];
      if (frozen.length) causes.push(`${frozen.map((n) => `"${n}"`).join(' and ')} never moved: autodiff through your apply() does not reach ${frozen.length > 1 ? 'them' : 'it'} (a copy of the weight is used)`);
      const reach = ctx.learner('reach', reachSchema);
      const extra = reach.undeclared.filter((v) => v.trainable && v.gradient !== null && v.gradient > 0);
      if (extra.length) causes.push(`the optimizer also trained ${extra.length} variable${extra.length > 1 ? 's' : ''} that weights() does not declare, so the layers no longer share W_K and W_V`);
      if (!causes.length && !weightsReached(reach, ctx.plan).passed) causes.push('autodiff through your apply() does not follow the shared weights (see "weights-reached")');
      if (!causes.length && differing.some((n) => n === 'wK' || n === 'wV') && differing.every((n) => n === 'wK' || n === 'wV')) {
        causes.push('only the shared projections differ: each layer must apply the same W_K and W_V to its own input, so that their gradient is the sum over all layers');
      }
      return {
        passed: false,
        message: `Trained with ${what}, from the grader's weights: ${problems.join('; ')}.${causes.length ? ` Cause: ${causes.join('; ')}.` : ''} Use the variables weights() returns in every layer.`,
      };
    },
  },
});
