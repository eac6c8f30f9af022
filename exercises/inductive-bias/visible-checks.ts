// Visible checks for inductive-bias: they run in the learner's browser on a public plan (and
// again on the server as part of the grade), so they use only the learner's own answers and
// public formulas. Accuracies are computed here from the logits the probe returns; the learner's
// code never reports "its" accuracy.
import { z } from 'zod';
import {
  declaredVariables,
  defineVisibleChecks,
  gradientReachSchema,
  noLeaksCheck,
  paramCount,
  size,
  tensorSchema,
  variableContractSchema,
  weightListSchema,
  weightsReached,
  type CheckOutcome,
  type NumTensor,
  type WeightSpec,
} from '@tyinglab/grader/checks';
import type { ClassifierArgs, ModelName, Plan } from './probes';

export const H = 8;
export const W = 12;
export const K = 3;
export const F = 16;
export const HO = H - K + 1;
/** Four 3×3 patterns with the same number of lit pixels: —, |, \, /. */
export const PATTERNS = [
  [0, 0, 0, 1, 1, 1, 0, 0, 0],
  [0, 1, 0, 0, 1, 0, 0, 1, 0],
  [1, 0, 0, 0, 1, 0, 0, 0, 1],
  [0, 0, 1, 0, 1, 0, 1, 0, 0],
];
export const C = PATTERNS.length;

/**
 * Pass marks, with margin: over 200 seeds the reference reached ≥ 0.94 train / ≥ 0.90 test (tied)
 * and ≥ 0.79 train (median 1.0) / ≤ 0.42 test (untied), a gap of ≥ 0.54.
 */
const FIT_MIN = 0.7;
const TIED_TEST_MIN = 0.75;
const GAP_MIN = 0.3;

/** The statement's weights for classifiers of the given sizes. */
export function expectedWeights(model: ModelName, { height, width, filters: f, numClasses: c }: ClassifierArgs): WeightSpec[] {
  const dense = [
    { name: 'denseKernel', shape: [f, c] },
    { name: 'denseBias', shape: [c] },
  ];
  if (model === 'tied') return [{ name: 'kernel', shape: [K, K, 1, f] }, { name: 'bias', shape: [f] }, ...dense];
  return [{ name: 'kernel', shape: [height - K + 1, width - K + 1, K, K, 1, f] }, { name: 'bias', shape: [height - K + 1, width - K + 1, f] }, ...dense];
}
function formulaFor(model: ModelName, { height, width, filters: f, numClasses: c }: ClassifierArgs): string {
  if (model === 'tied') return `k·k·F + F + F·C + C = ${K}·${K}·${f} + ${f} + ${f}·${c} + ${c}`;
  return `H_o·W_o·(k·k·F + F) + F·C + C = ${height - K + 1}·${width - K + 1}·(${K}·${K}·${f} + ${f}) + ${f}·${c} + ${c}`;
}
export const NAMES: Record<ModelName, string> = { tied: 'tied (createTiedClassifier)', untied: 'untied (createUntiedClassifier)' };

function accuracy(logits: NumTensor, labels: number[]): number {
  let ok = 0;
  labels.forEach((label, i) => {
    const row = logits.data.slice(i * C, (i + 1) * C);
    if (row.indexOf(Math.max(...row)) === label) ok++;
  });
  return labels.length ? ok / labels.length : 0;
}

export const logitsSchema = tensorSchema({ rank: 2, maxSize: 1 << 12 });
const declaredSchema = z.array(z.strictObject({ model: z.enum(['tied', 'untied']), weights: weightListSchema })).length(2);
export const experimentSchema = z
  .array(
    z.strictObject({
      model: z.enum(['tied', 'untied']),
      losses: z.array(z.number()).max(100),
      weights: z.record(z.string().max(200), tensorSchema({ maxSize: 1 << 16 })),
      trainLogits: logitsSchema,
      testLogits: logitsSchema,
    }),
  )
  .length(2);
type ExperimentAnswer = z.infer<typeof experimentSchema>[number];
const variablesSchema = z.array(z.strictObject({ model: z.enum(['tied', 'untied']), contract: variableContractSchema, reach: gradientReachSchema })).length(2);

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

export default defineVisibleChecks<Plan>({
  'param-count': (ctx) => {
    const declared = ctx.learner('declared', declaredSchema);
    const a = ctx.plan.sized.args;
    const outcomes = (['tied', 'untied'] as const).map((m) => {
      const weights = declared.find((x) => x.model === m)?.weights ?? [];
      const o = paramCount({ declared: [{ label: `${a.height}×${a.width} images`, weights }], expected: expectedWeights(m, a), formula: formulaFor(m, a) });
      const count = weights.reduce((a, w) => a + size(w.shape), 0);
      return { m, o, count };
    });
    const passed = outcomes.every((x) => x.o.passed);
    if (passed) {
      const [t, u] = outcomes as [(typeof outcomes)[number], (typeof outcomes)[number]];
      return {
        passed,
        message: `Tied: ${t.count} parameters (${formulaFor('tied', a)}). Untied: ${u.count} (${formulaFor('untied', a)}), ${Math.round(u.count / t.count)} times more for the same windows.`,
      };
    }
    return {
      passed,
      fraction: outcomes.filter((x) => x.o.passed).length / outcomes.length,
      message: outcomes.map((x) => `${NAMES[x.m]}: ${x.o.message}`).join(' '),
    };
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

  // Gap 5: only declared weights are counted, set and trained, so an undeclared trainable variable
  // or a forward pass through copies of the declared ones is invisible to every numeric check.
  'weights-declared-and-used': (ctx) => {
    for (const { model, contract, reach } of ctx.learner('variables', variablesSchema)) {
      const owner = `${model} model`;
      const what = `${model === 'tied' ? 'createTiedClassifier' : 'createUntiedClassifier'}(): weights()`;
      const declared = declaredVariables(contract, { owner, what });
      if (!declared.passed) return declared;
      const reached = weightsReached(reach, { owner, what, output: 'logits' });
      if (!reached.passed) return reached;
    }
    return { passed: true, message: 'Every trainable variable your two models create is declared by their weights(), and the gradient of their logits reaches every declared weight.' };
  },

  'no-leaked-tensors': noLeaksCheck<Plan>(),
});
