// Trusted checks for inductive-bias (checker zone). The plan — patterns, positions, noise, initial
// weights — is drawn here from the per-run RNG. Accuracies are computed here from the logits the
// probe returns; the learner's code never reports "its" accuracy.
import { z } from 'zod';
import {
  defineChecks,
  fmt,
  matchesReference,
  paramCount,
  tensorSchema,
  trainsLikeReference,
  weightListSchema,
  type CheckOutcome,
  type NumTensor,
  type Rng,
  type WeightSpec,
} from '@tyinglab/grader';
import type { ModelName, Plan } from './probes';

const H = 8;
const W = 12;
const K = 3;
const F = 16;
const HO = H - K + 1;
const WO = W - K + 1;
/**
 * Columns of the pattern's top-left corner: 2, 3 in training, 6, 7 at test time. Every window that
 * touches a pattern lies inside the image in both cases, so the tied model's evidence is the same
 * at both positions (at the border some partial windows would be cut off).
 */
const TRAIN_COLS = [2, 3];
const TEST_COLS = [6, 7];
/** Four 3×3 patterns with the same number of lit pixels: —, |, \, /. */
const PATTERNS = [
  [0, 0, 0, 1, 1, 1, 0, 0, 0],
  [0, 1, 0, 0, 1, 0, 0, 1, 0],
  [1, 0, 0, 0, 1, 0, 0, 0, 1],
  [0, 0, 1, 0, 1, 0, 1, 0, 0],
];
const C = PATTERNS.length;
const NOISE = 0.1;

/**
 * Pass marks, with margin: over 200 seeds the reference reached ≥ 0.94 train / ≥ 0.90 test (tied)
 * and ≥ 0.79 train (median 1.0) / ≤ 0.42 test (untied), a gap of ≥ 0.54.
 */
const FIT_MIN = 0.7;
const TIED_TEST_MIN = 0.75;
const GAP_MIN = 0.3;

const numel = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
const randomTensor = (rng: Rng, shape: number[], std = 1): NumTensor => ({ shape, data: rng.normals(numel(shape), std) });

const EXPECTED: Record<ModelName, WeightSpec[]> = {
  tied: [
    { name: 'kernel', shape: [K, K, 1, F] },
    { name: 'bias', shape: [F] },
    { name: 'denseKernel', shape: [F, C] },
    { name: 'denseBias', shape: [C] },
  ],
  untied: [
    { name: 'kernel', shape: [HO, WO, K, K, 1, F] },
    { name: 'bias', shape: [HO, WO, F] },
    { name: 'denseKernel', shape: [F, C] },
    { name: 'denseBias', shape: [C] },
  ],
};
const FORMULA: Record<ModelName, string> = {
  tied: `k·k·F + F + F·C + C = ${K}·${K}·${F} + ${F} + ${F}·${C} + ${C}`,
  untied: `H_o·W_o·(k·k·F + F) + F·C + C = ${HO}·${WO}·(${K}·${K}·${F} + ${F}) + ${F}·${C} + ${C}`,
};
const NAMES: Record<ModelName, string> = { tied: 'tied (createTiedClassifier)', untied: 'untied (createUntiedClassifier)' };

/** Initial weights like the reference's initialisers, drawn from the plan's RNG. */
function initWeights(rng: Rng, model: ModelName): Record<string, NumTensor> {
  const [kernel, bias, dk, db] = EXPECTED[model] as [WeightSpec, WeightSpec, WeightSpec, WeightSpec];
  return {
    kernel: randomTensor(rng, kernel.shape, Math.sqrt(2 / (K * K))),
    bias: { shape: bias.shape, data: new Array<number>(numel(bias.shape)).fill(0) },
    denseKernel: randomTensor(rng, dk.shape, Math.sqrt(1 / F)),
    denseBias: { shape: db.shape, data: new Array<number>(C).fill(0) },
  };
}

/** One image per (pattern, row, column) with the pattern's top-left corner at (row, column), in shuffled order. */
function images(rng: Rng, cols: number[]): { x: NumTensor; labels: number[] } {
  const items: { label: number; r: number; c: number }[] = [];
  for (let label = 0; label < C; label++) for (let r = 0; r < HO; r++) for (const c of cols) items.push({ label, r, c });
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  const data: number[] = [];
  for (const { label, r, c } of items) {
    const img = rng.normals(H * W, NOISE);
    const amp = rng.uniform(0.8, 1.2);
    PATTERNS[label]!.forEach((v, q) => {
      img[(r + Math.floor(q / K)) * W + c + (q % K)]! += amp * v;
    });
    data.push(...img);
  }
  return { x: { shape: [items.length, H, W, 1], data }, labels: items.map((i) => i.label) };
}

function accuracy(logits: NumTensor, labels: number[]): number {
  let ok = 0;
  labels.forEach((label, i) => {
    const row = logits.data.slice(i * C, (i + 1) * C);
    if (row.indexOf(Math.max(...row)) === label) ok++;
  });
  return labels.length ? ok / labels.length : 0;
}

const logitsSchema = tensorSchema({ rank: 2, maxSize: 1 << 12 });
const declaredSchema = z.array(z.strictObject({ model: z.enum(['tied', 'untied']), weights: weightListSchema })).length(2);
const injectedSchema = z.array(z.strictObject({ model: z.enum(['tied', 'untied']), logits: logitsSchema })).length(2);
const experimentSchema = z
  .array(z.strictObject({ model: z.enum(['tied', 'untied']), losses: z.array(z.number()).max(100), trainLogits: logitsSchema, testLogits: logitsSchema }))
  .length(2);
type ExperimentAnswer = z.infer<typeof experimentSchema>[number];

const pct = (a: number): string => `${Math.round(a * 100)}%`;

/** Accuracies of one model, or a failed outcome when the logits have the wrong shape. */
function accuracies(plan: Plan, a: ExperimentAnswer | undefined): { train: number; test: number } | CheckOutcome {
  const e = plan.experiment;
  const model = a?.model ?? 'tied';
  for (const [what, t, n] of [['training', a?.trainLogits, e.trainLabels.length], ['test', a?.testLogits, e.testLabels.length]] as const) {
    if (!t || t.shape[0] !== n || t.shape[1] !== C) {
      return { passed: false, message: `The ${NAMES[model]} model's logits for the ${n} ${what} images have shape [${t?.shape.join(', ') ?? ''}], expected [${n}, ${C}].` };
    }
  }
  return { train: accuracy(a!.trainLogits, e.trainLabels), test: accuracy(a!.testLogits, e.testLabels) };
}

export default defineChecks<Plan>({
  makePlan(rng) {
    const train = images(rng, TRAIN_COLS);
    const test = images(rng, TEST_COLS);
    return {
      args: { height: H, width: W, filters: F, numClasses: C },
      weights: { tied: initWeights(rng, 'tied'), untied: initWeights(rng, 'untied') },
      x: randomTensor(rng, [3, H, W, 1]),
      experiment: {
        init: { tied: initWeights(rng, 'tied'), untied: initWeights(rng, 'untied') },
        trainX: train.x,
        trainLabels: train.labels,
        testX: test.x,
        testLabels: test.labels,
        learningRate: 0.1,
        steps: 12,
      },
    };
  },
  checks: {
    'param-count': (ctx) => {
      const declared = ctx.learner('declared', declaredSchema);
      const outcomes = (['tied', 'untied'] as const).map((m) => {
        const weights = declared.find((x) => x.model === m)?.weights ?? [];
        const o = paramCount({ declared: [{ label: `an ${H}×${W} image`, weights }], expected: EXPECTED[m], formula: FORMULA[m] });
        const count = weights.reduce((a, w) => a + numel(w.shape), 0);
        return { m, o, count };
      });
      const passed = outcomes.every((x) => x.o.passed);
      if (passed) {
        const [t, u] = outcomes as [(typeof outcomes)[number], (typeof outcomes)[number]];
        return {
          passed,
          message: `Tied: ${t.count} parameters (${FORMULA.tied}). Untied: ${u.count} (${FORMULA.untied}), ${Math.round(u.count / t.count)} times more for the same windows.`,
        };
      }
      return {
        passed,
        fraction: outcomes.filter((x) => x.o.passed).length / outcomes.length,
        message: outcomes.map((x) => `${NAMES[x.m]}: ${x.o.message}`).join(' '),
      };
    },

    'matches-reference': (ctx) => {
      const mine = ctx.learner('injected', injectedSchema);
      const ref = ctx.reference('injected', injectedSchema);
      return matchesReference({
        cases: ref.map((r) => ({
          label: `the ${NAMES[r.model]} model`,
          expected: r.logits,
          actual: mine.find((m) => m.model === r.model)?.logits ?? { shape: [], data: [] },
        })),
        tolerance: ctx.tolerance,
        axes: ['n', 'class'],
      });
    },

    'tied-generalises': (ctx) => {
      const acc = accuracies(ctx.plan, ctx.learner('experiment', experimentSchema).find((a) => a.model === 'tied'));
      if ('passed' in acc) return acc;
      const details = { trainAccuracy: acc.train, testAccuracy: acc.test, chance: 1 / C };
      const passed = acc.train >= FIT_MIN && acc.test >= TIED_TEST_MIN;
      if (passed) {
        return {
          passed,
          message: `Tied model: ${pct(acc.train)} on the training positions and ${pct(acc.test)} at positions it never saw: the shared kernel detects a pattern wherever it appears, and the max over positions forgets where.`,
          details,
        };
      }
      return {
        passed,
        message:
          `Tied model: ${pct(acc.train)} on the training positions (need ≥ ${pct(FIT_MIN)}) and ${pct(acc.test)} at unseen positions (need ≥ ${pct(TIED_TEST_MIN)}; chance is ${pct(1 / C)}). ` +
          (acc.train < FIT_MIN
            ? 'It does not even fit the training images: are all four weights used by apply() and trainable?'
            : 'It fits the training positions but does not transfer: is every position treated alike (one kernel, ReLU, then the max over ALL positions) before the dense layer?'),
        details,
      };
    },

    'untied-does-not-generalise': (ctx) => {
      const answers = ctx.learner('experiment', experimentSchema);
      const untied = accuracies(ctx.plan, answers.find((a) => a.model === 'untied'));
      if ('passed' in untied) return untied;
      const tied = accuracies(ctx.plan, answers.find((a) => a.model === 'tied'));
      const tiedTest = 'passed' in tied ? NaN : tied.test;
      const details = { trainAccuracy: untied.train, testAccuracy: untied.test, tiedTestAccuracy: tiedTest, chance: 1 / C };
      const fits = untied.train >= FIT_MIN;
      const worse = Number.isFinite(tiedTest) && untied.test <= tiedTest - GAP_MIN;
      if (fits && worse) {
        return {
          passed: true,
          message:
            `Untied model: ${pct(untied.train)} on the training positions but only ${pct(untied.test)} at unseen positions (tied: ${pct(tiedTest)}; chance ${pct(1 / C)}). ` +
            `The kernels at the right-hand locations never saw a pattern, so there is nothing for them to recognise.`,
          details,
        };
      }
      return {
        passed: false,
        message:
          `Untied model: ${pct(untied.train)} on the training positions (need ≥ ${pct(FIT_MIN)}), ${pct(untied.test)} at unseen positions ` +
          `(tied: ${Number.isFinite(tiedTest) ? pct(tiedTest) : 'unavailable'}; the untied model should trail it by at least ${pct(GAP_MIN)}). ` +
          (!fits
            ? 'It does not fit the training images: are all four weights used by apply() and trainable?'
            : !(tiedTest >= TIED_TEST_MIN)
              ? 'The tied model does not generalise either, so there is no gap to show: fix the tied model first.'
              : 'It generalises about as well as the tied model, so its location kernels are not independent: each output location (i, j) must use its own kernel[i, j] and bias[i, j].'),
        details,
      };
    },

    'trains-like-reference': (ctx) => {
      const mine = ctx.learner('experiment', experimentSchema);
      const ref = ctx.reference('experiment', experimentSchema);
      for (const r of ref) {
        const m = mine.find((a) => a.model === r.model);
        const o = trainsLikeReference({ learnerLosses: m?.losses ?? [], referenceLosses: r.losses, tolerance: ctx.tolerance, optimizer: `Adam (lr ${ctx.plan.experiment.learningRate})` });
        if (!o.passed) return { ...o, message: `${NAMES[r.model]}: ${o.message}` };
      }
      return {
        passed: true,
        message: `Both models train like the reference (${ref.map((r) => `${r.model}: loss ${fmt(r.losses[0]!)} → ${fmt(r.losses[r.losses.length - 1]!)}`).join(', ')}).`,
      };
    },
  },
});
