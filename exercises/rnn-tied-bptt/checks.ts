// Trusted checks for rnn-tied-bptt (checker zone). The plan is built here from the per-run RNG:
// input and hidden sizes, batch sizes and sequence lengths (from 1 to 14, so backpropagation
// truncated to any fixed number of steps fails) and the scale of the inputs are drawn within the
// statement's ranges. The visible checks live in visible-checks.ts (shipped to the browser); the
// hidden ones stay here.
import { z } from 'zod';
import { compareData, defineChecks, fmt, gradients, matchesReferenceCheck, metricsOf, relativeL2Error, randomTensor, tensorSchema, type NumTensor, type Rng } from '@tyinglab/grader/checks';
import type { GradCase, Plan, RnnArgs, Sequence } from './probes';
import visibleChecks, { BPTT_HINT, autodiffInBackward, detachedInForward, expectedWeights, forwardCopyMessage, gradCasesSchema } from './visible-checks';

/** The statement's ranges (statement.md, "Sizes"). */
const INPUT_SIZE: [number, number] = [1, 4];
const HIDDEN_SIZE: [number, number] = [1, 6];
const SHORT: [number, number] = [1, 3];
const LONG: [number, number] = [8, 14];
/**
 * Inputs are N(0, s²) with s log-uniform in this range. Wider would saturate tanh (1 − h² → 0) and
 * hide the very contributions the gradient checks must see.
 */
const INPUT_SCALE: [number, number] = [0.3, 3];
const FD_EPS = 1e-2;
const AXES = ['n', 't', 'h'];

const tensor3 = tensorSchema({ rank: 3, maxSize: 1 << 12 });
const forwardGradSchema = z.strictObject({
  x: tensorSchema({ rank: 3, maxSize: 1 << 12 }).nullable(),
  h0: tensorSchema({ rank: 2, maxSize: 1 << 12 }).nullable(),
  weights: z.record(z.string().max(200), tensorSchema({ maxSize: 1 << 12 })),
});
const logUniform = (rng: Rng, [lo, hi]: [number, number]): number => Math.exp(rng.uniform(Math.log(lo), Math.log(hi)));

/**
 * The RNN the gradient checks use has 2 or more hidden units (with one, an axis squeezed in the
 * wrong place goes unseen); the second RNN of the reference comparison takes any other size,
 * including a single unit.
 */
const drawArgs = (rng: Rng, notHidden?: number): RnnArgs => {
  const lo = notHidden === undefined ? 2 : HIDDEN_SIZE[0];
  const hs = Array.from({ length: HIDDEN_SIZE[1] - lo + 1 }, (_, i) => lo + i).filter((h) => h !== notHidden);
  return { inputSize: rng.int(...INPUT_SIZE), hiddenSize: hs[rng.int(0, hs.length - 1)]! };
};

/** Weights of the statement's shapes. W_hh's scale keeps the state away from saturation over 14 steps. */
const randomWeights = (rng: Rng, { inputSize: D, hiddenSize: H }: RnnArgs): Record<string, NumTensor> => ({
  Wxh: randomTensor(rng, [D, H], 0.6 / Math.sqrt(D)),
  Whh: randomTensor(rng, [H, H], 0.8 / Math.sqrt(H)),
  b: randomTensor(rng, [H], 0.3),
});

function sequence(rng: Rng, n: number, T: number, a: RnnArgs, extra = ''): Sequence {
  return {
    label: `${n} sequence${n === 1 ? '' : 's'} of length T=${T}${extra}`,
    x: randomTensor(rng, [n, T, a.inputSize], logUniform(rng, INPUT_SCALE)),
    h0: randomTensor(rng, [n, a.hiddenSize], 0.5),
  };
}

const gradCase = (rng: Rng, n: number, T: number, a: RnnArgs): GradCase => ({ ...sequence(rng, n, T, a), weights: randomWeights(rng, a), dH: randomTensor(rng, [n, T, a.hiddenSize]) });

export default defineChecks<Plan>({
  makePlan(rng) {
    const args = drawArgs(rng);
    // The second RNN has another hidden size: nothing sized for one configuration passes both.
    const otherArgs = drawArgs(rng, args.hiddenSize);
    const lengths = () => [rng.int(...SHORT), rng.int(...LONG)];
    const [s1, l1] = lengths();
    const [s2, l2] = lengths();
    const cases = [gradCase(rng, rng.int(1, 3), rng.int(...SHORT), args), gradCase(rng, rng.int(1, 3), rng.int(...LONG), args)];
    const fdCoords: [string, number][] = [];
    for (const { name, shape } of expectedWeights(args)) {
      const n = shape.reduce((a, b) => a * b, 1);
      const picks = name === 'Whh' ? 3 : 1;
      for (let k = 0; k < picks; k++) fdCoords.push([name, rng.int(0, n - 1)]);
    }
    return {
      args,
      inputs: [sequence(rng, 1, s1!, args), sequence(rng, rng.int(2, 3), l1!, args)],
      injected: {
        weights: randomWeights(rng, args),
        sequences: [sequence(rng, rng.int(2, 3), l2!, args), sequence(rng, 1, s2!, args)],
        other: { args: otherArgs, weights: randomWeights(rng, otherArgs), sequence: sequence(rng, rng.int(1, 3), rng.int(2, 9), otherArgs, ` in a second RNN alive at the same time (D=${otherArgs.inputSize}, H=${otherArgs.hiddenSize})`) },
        updated: { weights: randomWeights(rng, args), sequence: sequence(rng, rng.int(1, 3), rng.int(2, 9), args, ' after new weights were assigned to the first RNN') },
      },
      grad: { cases, fdCoords, fdEps: FD_EPS },
    };
  },
  checks: {
    ...visibleChecks,

    // Entries: [first RNN], [second RNN, alive at the same time], [first RNN, another length], [first after new weights].
    'matches-reference': matchesReferenceCheck<Plan>({
      outputs: { y: tensor3 },
      axes: AXES,
      what: 'hidden-state sequence',
      hint: ([a, other, b, updated]) => {
        if (!a && !b && other) return "The RNN created last matches the reference, the one created before it does not: keep each RNN's variables inside the object createTiedRnn returns.";
        if (a && b && !updated) return 'After new values were assigned to weights(), your states no longer match: forward() must read the variables on every call.';
        if (a !== b) return 'One sequence length matches and the other does not: the loop must run over all T steps of x, for any T ≥ 1, with h_0 as the state before the first.';
        return 'h_t = tanh(x_t W_xh + h_{t−1} W_hh + b), with the row-vector convention (tf.matMul(h, Whh)), starting from h_0; return h_1 … h_T stacked on axis 1.';
      },
    }),

    // Autodiff through the learner's forward() against the reference's: the forward pass is a layer
    // of a network, so gradients must reach x and h0 (an RNN stacked on another) and every weight.
    'forward-gradients-match-reference': (ctx) => {
      const mine = ctx.learner('forwardGrad', forwardGradSchema);
      const ref = ctx.reference('forwardGrad', forwardGradSchema);
      const problems: string[] = [];
      const missing = Object.keys(ref.weights).filter((n) => !mine.weights[n]);
      if (missing.length) problems.push(forwardCopyMessage(missing).replace(/ Your backward\(\) may well be right;/, ''));
      for (const input of ['x', 'h0'] as const) {
        const r = ref[input];
        const m = mine[input];
        if (!r) continue;
        if (!m) {
          problems.push(`No gradient reaches the input ${input}: forward() computes with a copy of its values (dataSync(), arraySync(), tf.tensor(…)), so in a network nothing before the RNN would learn.`);
          continue;
        }
        const cmp = compareData(m.data, r.data, r.shape, ctx.tolerance);
        if (m.shape.join(',') !== r.shape.join(',') || !cmp.passed) problems.push(`∂L/∂${input} through your forward() differs from the reference's by up to ${fmt(cmp.maxAbsErr)}.`);
      }
      const present = Object.fromEntries(Object.entries(ref.weights).filter(([n]) => mine.weights[n]));
      if (Object.keys(present).length) {
        const w = gradients({ actual: mine.weights, expected: present, tolerance: ctx.tolerance });
        if (!w.passed) problems.push(`Through your forward(): ${w.message.replace(/^Gradients differ from autodiff: /, '').replace(/ A tied weight's gradient is the sum over all its uses\.$/, '')}`);
      }
      if (!problems.length) return { passed: true, message: 'Autodiff through your forward() matches the reference for x, h0, Wxh, Whh and b: the whole forward pass is differentiable.' };
      return { passed: false, message: problems.join(' ') };
    },

    'gradient-matches-reference': (ctx) => {
      const mine = ctx.learner('manualGrad', gradCasesSchema);
      const autodiff = autodiffInBackward(mine);
      if (autodiff) return autodiff;
      const ref = ctx.reference('autodiffGrad', gradCasesSchema);
      // When the learner's own forward() is detached, backward() is not the fault: say so.
      const own = ctx.learner('autodiffGrad', gradCasesSchema);
      const names = expectedWeights(ctx.plan.args).map((w) => w.name);
      const problems: string[] = [];
      for (let i = 0; i < ref.cases.length; i++) {
        const r = ref.cases[i]!;
        const m = mine.cases[i]?.grads ?? {};
        const out = gradients({ actual: m, expected: r.grads, tolerance: ctx.tolerance });
        if (out.passed) continue;
        const detached = detachedInForward(m, own.cases[i]?.grads ?? {}, names);
        if (detached.length) return { passed: false, message: forwardCopyMessage(detached) };
        problems.push(`for ${r.label}: ${out.message.replace(/^Gradients differ from autodiff: /, '').replace(/ A tied weight's gradient is the sum over all its uses\.$/, '')}`);
      }
      if (!problems.length) {
        // Leaderboard: how exactly the hand-written sum over steps reproduces the reference, over every case and weight.
        const pairs = ref.cases.flatMap((r, i) => names.map((n) => ({ actual: mine.cases[i]!.grads[n]!.data, expected: r.grads[n]!.data })));
        const metrics = metricsOf({ 'relative-error': relativeL2Error(pairs) });
        return {
          passed: true,
          message: `Your hand-written BPTT gradients match the reference autodiff for Wxh, Whh and b (${ref.cases.map((c) => c.label).join(', ')}).`,
          ...(metrics ? { metrics } : {}),
        };
      }
      return {
        passed: false,
        fraction: (ref.cases.length - problems.length) / ref.cases.length,
        message: `Your backward() differs from the reference autodiff (same weights, sequence and dH) ${problems.join('; ')} A tied weight's gradient is the sum over all its uses. ${BPTT_HINT}`,
      };
    },
  },
});
