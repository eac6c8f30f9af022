// Trusted checks for cross-layer-sharing (checker zone). The plan is built here from the per-run
// RNG; the learner's answers are validated and compared with the reference solution's. The visible
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
import type { Plan } from './probes';
import visibleChecks, { DEPTH_RANGE, H_RANGE, HINT, autodiffSchema, manualSchema, reachSchema, weightsReached } from './visible-checks';

/** A value and a reference shown with as many digits as it takes to tell them apart. */
function pair(a: number, b: number): [string, string] {
  for (let p = 3; p <= 9; p++) {
    const x = a.toPrecision(p);
    const y = b.toPrecision(p);
    if (x !== y) return [String(Number(x)), String(Number(y))];
  }
  return [String(a), String(b)];
}

/** Weights of the magnitudes the statement allows: W with standard deviation 0.2 to 1 (relative to √H), b 0.1 to 0.5. */
const weightsFor = (rng: Rng, H: number): Record<string, NumTensor> => ({
  W: randomTensor(rng, [H, H], rng.uniform(0.4, 2) / Math.sqrt(H)),
  b: randomTensor(rng, [H], rng.uniform(0.1, 0.5)),
});

const trainSchema = trainingAnswerSchema.extend({ inputGrad: tensorSchema({ maxSize: 1 << 12 }).nullable() });

export default defineChecks<Plan>({
  makePlan(rng) {
    // Every size the statement allows: H in [2, 8], depths 1 (the smallest) and [2, 6]; batches of 1 to 5 rows.
    const H = rng.int(H_RANGE[0], H_RANGE[1]);
    const rows = () => rng.int(1, 5);
    const deep = rng.int(DEPTH_RANGE[0], DEPTH_RANGE[1]);
    const gradDepth = rng.int(DEPTH_RANGE[0], DEPTH_RANGE[1]);
    const weights = weightsFor(rng, H);
    const n1 = rows();
    const n2 = rng.int(2, 5);
    // A second width, different from the first, for a stack of its own.
    const otherWidth = H_RANGE[0] + ((H - H_RANGE[0] + rng.int(1, H_RANGE[1] - H_RANGE[0])) % (H_RANGE[1] - H_RANGE[0] + 1));
    return {
      width: H,
      other: { width: otherWidth, depth: rng.int(1, DEPTH_RANGE[1]), weights: weightsFor(rng, otherWidth), x: randomTensor(rng, [rows(), otherWidth]) },
      weights,
      update: weightsFor(rng, H),
      declared: [1, deep].map((depth) => ({ label: `depth ${depth}`, depth, x: randomTensor(rng, [rows(), H]) })),
      stacks: [
        { label: 'depth 1, a single row', depth: 1, x: randomTensor(rng, [1, H]) },
        { label: `depth ${deep}`, depth: deep, x: randomTensor(rng, [rows(), H], rng.uniform(0.5, 2)) },
      ],
      grad: {
        depth: gradDepth,
        x: randomTensor(rng, [n1, H]),
        dY: randomTensor(rng, [n1, H]),
        x2: randomTensor(rng, [n2, H]),
        dY2: randomTensor(rng, [n2, H]),
        // A forward pass on another batch of the same size runs between the two gradient calls.
        between: randomTensor(rng, [n2, H]),
        fd: finiteDifferencePlan(rng, weights, { perParam: 4 }),
      },
      train: {
        depth: rng.int(DEPTH_RANGE[0], DEPTH_RANGE[1]),
        lr: rng.uniform(0.02, 0.05),
        batches: Array.from({ length: 4 }, () => {
          const n = rows();
          return { x: randomTensor(rng, [n, H]), dY: randomTensor(rng, [n, H]) };
        }),
      },
    };
  },
  checks: {
    ...visibleChecks,

    'matches-reference': matchesReferenceCheck<Plan>({
      outputs: { y: tensorSchema({ rank: 2, maxSize: 1 << 12 }) },
      axes: ['n', 'h'],
      hint: (matched, plan) => {
        const n = plan.stacks.length;
        if (matched.slice(0, n).every(Boolean) && !matched.every(Boolean)) {
          return 'The stacks are right on a fresh start but not after another stack was created or new weights were assigned: read W and b from the variables on every call (no module-level weights, nothing cached).';
        }
        return matched[0] && !matched[1] ? 'Right at depth 1 but not deeper: apply the block exactly `depth` times, each time to the previous layer’s output.' : undefined;
      },
    }),

    'gradient-matches-reference': (ctx) => {
      const mine = ctx.learner('manualGrad', manualSchema);
      const ref = ctx.reference('manualGrad', manualSchema);
      const refAuto = ctx.reference('autodiffGrad', autodiffSchema);
      const bad: string[] = [];
      let totalsOk = true;
      for (const [which, label] of [['first', 'first batch'], ['second', 'second batch (new weights)']] as const) {
        const total = gradients({ actual: mine[which].total, expected: refAuto[which], tolerance: ctx.tolerance });
        if (!total.passed) {
          totalsOk = false;
          bad.push(`${label}, total: ${gradientDifferences(total.message)}`);
        }
        const refLayers = ref[which].perLayer;
        if (mine[which].perLayer.length !== refLayers.length) bad.push(`${label}: ${mine[which].perLayer.length} per-layer contributions, expected ${refLayers.length}`);
        else {
          const wrong = refLayers.findIndex((r, l) => !gradients({ actual: mine[which].perLayer[l]!, expected: r, tolerance: ctx.tolerance }).passed);
          if (wrong >= 0) bad.push(`${label}: layer ${wrong + 1}'s contribution ${gradientDifferences(gradients({ actual: mine[which].perLayer[wrong]!, expected: refLayers[wrong]!, tolerance: ctx.tolerance }).message)}`);
        }
      }
      const depth = ctx.plan.grad.depth;
      if (!bad.length) return { passed: true, message: `Your total and per-layer gradients match the reference (depth ${depth}, two batches): every application of the block contributes to the shared weights.` };
      return { passed: false, fraction: totalsOk ? 0.5 : 0, message: `Your gradients differ from the reference (same weights and data, depth ${depth}): ${bad.join('; ')}. ${HINT}` };
    },

    'trains-like-reference': (ctx): CheckOutcome => {
      const mine = ctx.learner('train', trainSchema);
      const ref = ctx.reference('train', trainSchema);
      const t = ctx.plan.train;
      const what = `${ref.losses.length} SGD steps (lr ${fmt(t.lr)}, depth ${t.depth}) of optimizer.minimize over every variable your code creates`;
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
      if (!mine.inputGrad) problems.push('∂ℓ/∂x cannot be computed through your forward(x): it must be differentiable in x too (no dataSync()/arraySync() copies of the input)');
      else if (ref.inputGrad) {
        const cmp = compareData(mine.inputGrad.data, ref.inputGrad.data, ref.inputGrad.shape, ctx.tolerance);
        if (mine.inputGrad.shape.join() !== ref.inputGrad.shape.join() || !cmp.passed) problems.push(`∂ℓ/∂x through your forward(x) differs from the reference by up to ${fmt(cmp.maxAbsErr)}`);
      }
      if (!problems.length) return { passed: true, message: `Trains like the reference: ${what}, loss ${fmt(ref.losses[0]!)} → ${fmt(ref.losses[ref.losses.length - 1]!)}; ∂ℓ/∂x matches too.` };
      // Point at the cause: frozen weights and undeclared variables are forward-pass problems.
      const causes: string[] = [];
      if (frozen.length) causes.push(`${frozen.map((n) => `"${n}"`).join(' and ')} never moved: autodiff through your forward pass does not reach ${frozen.length > 1 ? 'them' : 'it'} (a copy of the weight is used)`);
      const reach = ctx.learner('reach', reachSchema);
      const extra = reach.undeclared.filter((v) => v.trainable && v.gradient !== null && v.gradient > 0);
      if (extra.length) causes.push(`the optimizer also trained ${extra.length} variable${extra.length > 1 ? 's' : ''} that weights() does not declare, so the layers no longer share one block`);
      const wr = weightsReached(reach, ctx.learner('autodiffGrad', autodiffSchema), ctx.plan);
      if (!causes.length && !wr.passed) causes.push('autodiff through your forward pass does not follow the shared weights (see "weights-reached")');
      return {
        passed: false,
        message: `Trained with ${what}, from the grader's weights: ${problems.join('; ')}.${causes.length ? ` Cause: ${causes.join('; ')}.` : ''} Apply the block with the variables weights() returns in every layer.`,
      };
    },
  },
});
