// Trusted checks for inductive-bias (checker zone). The plan — patterns, positions, noise, initial
// weights — is drawn here from the per-run RNG. The visible checks (accuracies computed from the
// logits the probe returns) live in visible-checks.ts (shipped to the browser); the hidden ones
// stay here.
import { z } from 'zod';
import { defineChecks, fmt, layerGradients, layerGradientsSchema, matchesReferenceCheck, randomTensor, size, trainsLikeReference, type NumTensor, type Rng, type WeightSpec } from '@tyinglab/grader/checks';
import type { ClassifierArgs, ModelName, PerModel, Plan } from './probes';
import visibleChecks, { C, F, H, HO, K, NAMES, PATTERNS, W, expectedWeights, experimentSchema, logitsSchema } from './visible-checks';

const gradientsSchema = z.strictObject({ tied: layerGradientsSchema, untied: layerGradientsSchema });

/**
 * Columns of the pattern's top-left corner: 2, 3 in training, 6, 7 at test time. Every window that
 * touches a pattern lies inside the image in both cases, so the tied model's evidence is the same
 * at both positions (at the border some partial windows would be cut off).
 */
const TRAIN_COLS = [2, 3];
const TEST_COLS = [6, 7];
const NOISE = 0.1;
const EXPERIMENT_ARGS: ClassifierArgs = { height: H, width: W, filters: F, numClasses: C };

/** Initial weights like the reference's initialisers, drawn from the plan's RNG. */
function initWeights(rng: Rng, model: ModelName, args: ClassifierArgs = EXPERIMENT_ARGS): Record<string, NumTensor> {
  const [kernel, bias, dk, db] = expectedWeights(model, args) as [WeightSpec, WeightSpec, WeightSpec, WeightSpec];
  return {
    kernel: randomTensor(rng, kernel.shape, Math.sqrt(2 / (K * K))),
    bias: { shape: bias.shape, data: new Array<number>(size(bias.shape)).fill(0) },
    denseKernel: randomTensor(rng, dk.shape, Math.sqrt(1 / args.filters)),
    denseBias: { shape: db.shape, data: new Array<number>(size(db.shape)).fill(0) },
  };
}

/**
 * Weights for the reference comparisons: random everywhere, biases as large as a window's typical
 * output and positive enough that some ReLU units stay alive, so a dropped bias, a wrong window or a
 * wrong pooling changes the logits far beyond the tolerance.
 */
function randomWeights(rng: Rng, model: ModelName, args: ClassifierArgs): Record<string, NumTensor> {
  const [kernel, bias, dk, db] = expectedWeights(model, args) as [WeightSpec, WeightSpec, WeightSpec, WeightSpec];
  return {
    kernel: randomTensor(rng, kernel.shape, 0.5),
    bias: { shape: bias.shape, data: rng.uniforms(size(bias.shape), -0.2, 0.8) },
    denseKernel: randomTensor(rng, dk.shape, 0.7),
    denseBias: randomTensor(rng, db.shape, 0.5),
  };
}
const perModel = <T>(f: (m: ModelName) => T): PerModel<T> => ({ tied: f('tied'), untied: f('untied') });

/** Sizes for everything but the experiment (statement.md, "Sizes"): never the experiment's 8×12. */
function drawArgs(rng: Rng): ClassifierArgs {
  let height = rng.int(3, 9);
  const width = rng.int(3, 12);
  if (height === H && width === W) height = H - 1;
  return { height, width, filters: rng.int(1, 8), numClasses: rng.int(2, 5) };
}
/** Inputs are N(0, s²) with s log-uniform in this range: mistakes must show at every scale. */
const INPUT_SCALE: [number, number] = [0.1, 10];
const logUniform = (rng: Rng, [lo, hi]: [number, number]): number => Math.exp(rng.uniform(Math.log(lo), Math.log(hi)));
const images = (rng: Rng, n: number, a: ClassifierArgs): NumTensor => randomTensor(rng, [n, a.height, a.width, 1], logUniform(rng, INPUT_SCALE));

/** One image per (pattern, row, column) with the pattern's top-left corner at (row, column), in shuffled order. */
function images2(rng: Rng, cols: number[]): { x: NumTensor; labels: number[] } {
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
    const train = images2(rng, TRAIN_COLS);
    const test = images2(rng, TEST_COLS);
    const args = drawArgs(rng);
    const other = drawArgs(rng);
    const gx = images(rng, rng.int(1, 3), args);
    return {
      args: EXPERIMENT_ARGS,
      sized: {
        args,
        x: images(rng, rng.int(2, 4), args),
        single: images(rng, 1, args),
        weights: perModel((m) => randomWeights(rng, m, args)),
        other: { args: other, x: images(rng, rng.int(1, 3), other), weights: perModel((m) => randomWeights(rng, m, other)) },
        updated: { x: images(rng, rng.int(1, 3), args), weights: perModel((m) => randomWeights(rng, m, args)) },
        gradient: { x: gx, upstream: randomTensor(rng, [gx.shape[0]!, args.numClasses]), weights: perModel((m) => randomWeights(rng, m, args)) },
      },
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

    // Entries per model: [first], [second, alive at the same time], [a single image], [after new weights]; tied first.
    'matches-reference': matchesReferenceCheck<Plan>({
      outputs: { logits: logitsSchema },
      axes: ['n', 'class'],
      hint: (matched) => {
        const hints: string[] = [];
        for (const [i, model] of (['tied', 'untied'] as const).entries()) {
          const [a, other, single, updated] = matched.slice(4 * i, 4 * i + 4);
          if (!a && other) hints.push(`${NAMES[model]}: the classifier created last matches, the one created before it does not: keep each classifier's variables inside the object its factory returns.`);
          else if (a && !updated) hints.push(`${NAMES[model]}: after new values were assigned to weights(), the logits no longer match: apply() must read the variables on every call.`);
          else if (a && !single) hints.push(`${NAMES[model]}: a batch of one image does not match: nothing may depend on the batch size.`);
          else if (!a && !other) {
            hints.push(
              model === 'tied'
                ? `${NAMES[model]}: 'valid' 3×3 convolution + bias, ReLU, the max over ALL positions, then the dense layer; logits, no softmax.`
                : `${NAMES[model]}: kernel[i, j] and bias[i, j] on the window at (i, j) (axes [i, j, a, c, m, f]), ReLU, the max over ALL positions, then the dense layer; logits, no softmax.`,
            );
          }
        }
        return hints.join(' ') || undefined;
      },
    }),

    'gradients-match-reference': (ctx) => {
      const mine = ctx.learner('gradients', gradientsSchema);
      const ref = ctx.reference('gradients', gradientsSchema);
      for (const model of ['tied', 'untied'] as const) {
        const out = layerGradients(mine[model], ref[model], ctx.tolerance, {
          call: `apply(x) of the ${model} model`,
          inputAxes: ['n', 'y', 'x', 'c'],
          hint: () => 'Every weight must be a trainable tf.variable that apply() computes with directly, through tfjs operations.',
        });
        if (!out.passed) return out;
      }
      return { passed: true, message: 'The gradients of Σ g ⊙ logits with respect to the images and to every weight match the reference, for both models.' };
    },

    // Adam normalises each step by the gradient's running scale, so a loss curve cannot show a
    // gradient that is off by a constant factor: the gradients are compared on their own (above),
    // and here the final weights as well as the losses.
    'trains-like-reference': (ctx) => {
      const mine = ctx.learner('experiment', experimentSchema);
      const ref = ctx.reference('experiment', experimentSchema);
      for (const r of ref) {
        const m = mine.find((a) => a.model === r.model);
        const o = trainsLikeReference({
          learnerLosses: m?.losses ?? [],
          referenceLosses: r.losses,
          learnerWeights: m?.weights ?? {},
          referenceWeights: r.weights,
          initialWeights: ctx.plan.experiment.init[r.model],
          tolerance: ctx.tolerance,
          optimizer: `Adam (lr ${ctx.plan.experiment.learningRate})`,
        });
        if (!o.passed) return { ...o, message: `${NAMES[r.model]}: ${o.message}` };
      }
      return {
        passed: true,
        message: `Both models train like the reference (${ref.map((r) => `${r.model}: loss ${fmt(r.losses[0]!)} → ${fmt(r.losses[r.losses.length - 1]!)}`).join(', ')}), to the same final weights.`,
      };
    },
  },
});
