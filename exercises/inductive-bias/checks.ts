// Trusted checks for inductive-bias (checker zone). The plan — patterns, positions, noise, initial
// weights — is drawn here from the per-run RNG. The visible checks (accuracies computed from the
// logits the probe returns) live in visible-checks.ts (shipped to the browser); the hidden ones
// stay here.
import { defineChecks, fmt, matchesReferenceCheck, randomTensor, size, trainsLikeReference, type NumTensor, type Rng, type WeightSpec } from '@tyinglab/grader/checks';
import type { ModelName, Plan } from './probes';
import visibleChecks, { C, EXPECTED, F, H, HO, K, NAMES, PATTERNS, W, experimentSchema, logitsSchema } from './visible-checks';

/**
 * Columns of the pattern's top-left corner: 2, 3 in training, 6, 7 at test time. Every window that
 * touches a pattern lies inside the image in both cases, so the tied model's evidence is the same
 * at both positions (at the border some partial windows would be cut off).
 */
const TRAIN_COLS = [2, 3];
const TEST_COLS = [6, 7];
const NOISE = 0.1;

/** Initial weights like the reference's initialisers, drawn from the plan's RNG. */
function initWeights(rng: Rng, model: ModelName): Record<string, NumTensor> {
  const [kernel, bias, dk, db] = EXPECTED[model] as [WeightSpec, WeightSpec, WeightSpec, WeightSpec];
  return {
    kernel: randomTensor(rng, kernel.shape, Math.sqrt(2 / (K * K))),
    bias: { shape: bias.shape, data: new Array<number>(size(bias.shape)).fill(0) },
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
    ...visibleChecks,

    // The probe labels each entry with its model's name.
    'matches-reference': matchesReferenceCheck({
      outputs: { logits: { schema: logitsSchema, label: (model) => `the ${NAMES[model as ModelName]} model` } },
      axes: ['n', 'class'],
    }),

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
