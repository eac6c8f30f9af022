// Trusted checks for siamese-shared-tower (checker zone). The plan is built here from the per-run
// RNG: the tower's sizes, the batch sizes (a single pair among them) and the scale of the inputs are
// drawn within the statement's ranges. The visible checks live in visible-checks.ts (shipped to
// the browser); the hidden ones stay here.
import { z } from 'zod';
import { compareData, defineChecks, fmt, gradientDifferences, gradients, matchesReferenceCheck, metricsOf, randomTensor, relativeL2Error, tensorSchema, type NumTensor, type Rng } from '@tyinglab/grader/checks';
import type { GradCase, Pairs, Plan, SiameseArgs } from './probes';
import visibleChecks, { SUM_HINT, autodiffInGradients, detachedInForward, expectedWeights, forwardCopyMessage, gradSchema } from './visible-checks';

/** The statement's ranges (statement.md, "Sizes"). */
const INPUT_SIZE: [number, number] = [1, 6];
const HIDDEN_SIZE: [number, number] = [1, 8];
const EMBED_SIZE: [number, number] = [1, 4];
/**
 * Inputs are N(0, s²) with s log-uniform in this range. Wider would saturate tanh (1 − h² → 0) and
 * hide the branch contributions the gradient checks must see.
 */
const INPUT_SCALE: [number, number] = [0.3, 3];

const logUniform = (rng: Rng, [lo, hi]: [number, number]): number => Math.exp(rng.uniform(Math.log(lo), Math.log(hi)));

/** `atLeast2`: 2 or more hidden and embedding units, so a mix-up of axes changes a shape or a value. */
function drawArgs(rng: Rng, atLeast2 = false): SiameseArgs {
  const lo = atLeast2 ? 2 : 1;
  return { inputSize: rng.int(lo, INPUT_SIZE[1]), hiddenSize: rng.int(lo, HIDDEN_SIZE[1]), embedSize: rng.int(lo, EMBED_SIZE[1]) };
}

/** Weights of the statement's shapes, at scales that keep tanh away from saturation. */
const randomWeights = (rng: Rng, { inputSize: D, hiddenSize: H, embedSize: E }: SiameseArgs): Record<string, NumTensor> => ({
  W1: randomTensor(rng, [D, H], 1 / Math.sqrt(D)),
  b1: randomTensor(rng, [H], 0.2),
  W2: randomTensor(rng, [H, E], 1 / Math.sqrt(H)),
});

function pairs(rng: Rng, n: number, a: SiameseArgs, extra = ''): Pairs {
  const s = logUniform(rng, INPUT_SCALE);
  return { label: `a batch of ${n} pair${n === 1 ? '' : 's'}${extra}`, a: randomTensor(rng, [n, a.inputSize], s), b: randomTensor(rng, [n, a.inputSize], s) };
}

const gradCase = (rng: Rng, n: number, a: SiameseArgs): GradCase => ({
  ...pairs(rng, n, a),
  weights: randomWeights(rng, a),
  dD: randomTensor(rng, [n]),
  gE: randomTensor(rng, [n, a.embedSize]),
});

const forwardGradSchema = z.strictObject({
  a: tensorSchema({ rank: 2, maxSize: 1 << 12 }).nullable(),
  b: tensorSchema({ rank: 2, maxSize: 1 << 12 }).nullable(),
  weights: z.record(z.string().max(200), tensorSchema({ maxSize: 1 << 12 })),
});

const describeArgs = (a: SiameseArgs) => `D=${a.inputSize}, H=${a.hiddenSize}, E=${a.embedSize}`;

export default defineChecks<Plan>({
  makePlan(rng) {
    const args = drawArgs(rng, true);
    const otherArgs = drawArgs(rng);
    return {
      args,
      pairs: [pairs(rng, 1, args), pairs(rng, rng.int(3, 6), args)],
      injected: {
        weights: randomWeights(rng, args),
        pairs: [pairs(rng, rng.int(2, 5), args), pairs(rng, 1, args)],
        other: { args: otherArgs, weights: randomWeights(rng, otherArgs), pairs: pairs(rng, rng.int(1, 4), otherArgs, ` in a second model alive at the same time (${describeArgs(otherArgs)})`) },
        updated: { weights: randomWeights(rng, args), pairs: pairs(rng, rng.int(1, 4), args, ' after new weights were assigned to the first model') },
      },
      swap: (({ a, b }) => ({ a, b }))(pairs(rng, rng.int(4, 8), args)),
      grad: { cases: [gradCase(rng, 1, args), gradCase(rng, rng.int(3, 6), args)] },
    };
  },
  checks: {
    ...visibleChecks,

    // Entries: [first model], [second model, alive at the same time], [first model, another batch], [first after new weights].
    'matches-reference': matchesReferenceCheck<Plan>({
      outputs: {
        embedding: { schema: tensorSchema({ rank: 2, maxSize: 1 << 12 }), label: (l) => `embed(a) for ${l}` },
        distance: { schema: tensorSchema({ rank: 1, maxSize: 64 }), label: (l) => `distance(a, b) for ${l}` },
      },
      hint: ([a1, other, b1, up1]) => {
        if (!a1 && !b1 && other) return "The model created last matches the reference, the one created before it does not: keep each model's variables inside the object createSiamese returns.";
        if (a1 && b1 && !up1) return 'After new values were assigned to weights(), your outputs no longer match: embed() and distance() must read the variables on every call.';
        return 'e(x) = tanh(x W1 + b1) W2 for both inputs, and d_n = Σ_k (e(a)_nk − e(b)_nk)², one value per pair.';
      },
    }),

    'gradient-matches-reference': (ctx) => {
      const mine = ctx.learner('manualGrad', gradSchema);
      const autodiff = autodiffInGradients(mine);
      if (autodiff) return autodiff;
      const ref = ctx.reference('autodiffGrad', gradSchema);
      // When the learner's own forward pass is detached, the hand-written gradient is not the fault.
      const own = ctx.learner('autodiffGrad', gradSchema);
      const names = expectedWeights(ctx.plan.args).map((w) => w.name);
      const problems: string[] = [];
      for (let i = 0; i < ref.cases.length; i++) {
        const r = ref.cases[i]!;
        const m = mine.cases[i];
        const tower = gradients({ actual: m?.tower ?? {}, expected: r.tower, tolerance: ctx.tolerance });
        const total = gradients({ actual: m?.total ?? {}, expected: r.total, tolerance: ctx.tolerance });
        if (tower.passed && total.passed) continue;
        const detached = detachedInForward(m?.total ?? {}, own.cases[i]?.total ?? {}, names);
        if (detached.length) return { passed: false, message: forwardCopyMessage(detached, 'distance()') };
        if (!tower.passed) problems.push(`for ${r.label}, towerBackward(a, gE): ${gradientDifferences(tower.message)}`);
        if (!total.passed) problems.push(`for ${r.label}, gradients(a, b, dD): ${gradientDifferences(total.message)}`);
      }
      if (!problems.length) {
        // Leaderboard: how exactly the hand-written two-branch sum reproduces the reference.
        const pairs = ref.cases.flatMap((r, i) => names.map((n) => ({ actual: mine.cases[i]!.total[n]!.data, expected: r.total[n]!.data })));
        const metrics = metricsOf({ 'relative-error': relativeL2Error(pairs) });
        return {
          passed: true,
          message: 'gradients(a, b, dD) and towerBackward(a, gE) match the reference autodiff for W1, b1 and W2: both branches are accounted for.',
          ...(metrics ? { metrics } : {}),
        };
      }
      return { passed: false, message: `Your hand-written gradients differ from the reference autodiff (same weights and pairs): ${problems.join('; ')}. ${SUM_HINT}` };
    },

    // Autodiff through the learner's distance() against the reference's: the tower is a layer of a
    // network, so gradients must reach both inputs and every weight.
    'forward-gradients-match-reference': (ctx) => {
      const mine = ctx.learner('forwardGrad', forwardGradSchema);
      const ref = ctx.reference('forwardGrad', forwardGradSchema);
      const problems: string[] = [];
      const missing = Object.keys(ref.weights).filter((n) => !mine.weights[n]);
      if (missing.length) problems.push(forwardCopyMessage(missing, 'distance()').replace(/ Your hand-written gradients may well be right;/, ''));
      for (const input of ['a', 'b'] as const) {
        const r = ref[input];
        const m = mine[input];
        if (!r) continue;
        if (!m) {
          problems.push(`No gradient reaches the input ${input}: distance() computes with a copy of its values (dataSync(), arraySync(), tf.tensor(…)), so in a network nothing before the tower would learn.`);
          continue;
        }
        const cmp = compareData(m.data, r.data, r.shape, ctx.tolerance);
        if (m.shape.join(',') !== r.shape.join(',') || !cmp.passed) problems.push(`∂L/∂${input} through your distance() differs from the reference's by up to ${fmt(cmp.maxAbsErr)}.`);
      }
      const present = Object.fromEntries(Object.entries(ref.weights).filter(([n]) => mine.weights[n]));
      if (Object.keys(present).length) {
        const w = gradients({ actual: mine.weights, expected: present, tolerance: ctx.tolerance });
        if (!w.passed) problems.push(`Through your distance(): ${gradientDifferences(w.message)}.`);
      }
      if (!problems.length) return { passed: true, message: 'Autodiff through your distance() matches the reference for a, b, W1, b1 and W2: the whole forward pass is differentiable.' };
      return { passed: false, message: problems.join(' ') };
    },
  },
});
