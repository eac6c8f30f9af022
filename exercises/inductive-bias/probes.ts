// Public glue: how the grader builds, calls and trains your two classifiers. Runs inside the
// sandbox (and in the browser for visible checks). It only sees the plan, never the seed.
import * as tf from '@tensorflow/tfjs';
import {
  construct,
  declaredWeights,
  fromTensor,
  gradientReach,
  injectWeights,
  leakedTensors,
  toTensor,
  trainWithOptimizer,
  variableContract,
  variableGradients,
  type NumTensor,
} from '@tyinglab/grader/probe-kit';

export interface ClassifierArgs {
  height: number;
  width: number;
  filters: number;
  numClasses: number;
}

export type ModelName = 'tied' | 'untied';

export type PerModel<T> = Record<ModelName, T>;

export interface Plan {
  /** The experiment's sizes (the statement's: 8×12 images, 16 feature maps, 4 classes). */
  args: ClassifierArgs;
  /**
   * Everything but the experiment runs at sizes drawn per run: image size, feature maps, classes.
   * Per model: a second classifier of other sizes alive at the same time as the first, new weights
   * assigned to the first between two calls, and gradients with respect to the input and weights.
   */
  sized: {
    args: ClassifierArgs;
    /** Batches for `args` (one of a single image) and for `other`. */
    x: NumTensor;
    single: NumTensor;
    weights: PerModel<Record<string, NumTensor>>;
    other: { args: ClassifierArgs; x: NumTensor; weights: PerModel<Record<string, NumTensor>> };
    updated: { x: NumTensor; weights: PerModel<Record<string, NumTensor>> };
    /** Gradients of L = Σ g ⊙ logits(x). */
    gradient: { x: NumTensor; upstream: NumTensor; weights: PerModel<Record<string, NumTensor>> };
  };
  experiment: {
    /** Initial weights, per model (the same for you and the reference). */
    init: PerModel<Record<string, NumTensor>>;
    /** Training images: every pattern, but only at positions in the LEFT half. */
    trainX: NumTensor;
    trainLabels: number[];
    /** Test images: the same patterns at positions in the RIGHT half, never seen in training. */
    testX: NumTensor;
    testLabels: number[];
    learningRate: number;
    steps: number;
  };
}

interface Classifier {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor4D): tf.Tensor2D;
}

export const requiredExports = ['createTiedClassifier', 'createUntiedClassifier'];
const MODELS: ModelName[] = ['tied', 'untied'];
const factory = (m: ModelName) => (m === 'tied' ? 'createTiedClassifier' : 'createUntiedClassifier');

const build = (learner: unknown, model: ModelName, args: ClassifierArgs): Classifier =>
  construct<Classifier>(learner, factory(model), { ...args }, ['weights', 'apply']);

// Two models are built side by side, so every weights() message names the factory it came from.
const weightsOf = (model: ModelName) => `${factory(model)}(): weights()`;

/**
 * Writes the grader's values into the weights. `lenient` (the experiment) first drops the names
 * and shapes that do not match, so those weights keep the learner's own initial values.
 */
function inject(c: Classifier, model: ModelName, values: Record<string, NumTensor>, lenient = false): void {
  const ws = c.weights();
  const fits = ([name, value]: [string, NumTensor]) => {
    const v = ws?.[name];
    return v instanceof tf.Variable && v.shape.join(',') === value.shape.join(',');
  };
  injectWeights(c, lenient ? Object.fromEntries(Object.entries(values).filter(fits)) : values, weightsOf(model));
}

const logits = (c: Classifier, x: tf.Tensor4D, model: ModelName): NumTensor => fromTensor(c.apply(x), `${factory(model)}(): apply(x)`);

/**
 * One call of a sequence: its logits, or null when the learner's code threw. The error is not passed
 * on (it may carry hidden inputs); the check names the call instead.
 */
function attempt(label: string, call: () => NumTensor): { label: string; logits: NumTensor | null } {
  try {
    return { label, logits: call() };
  } catch {
    return { label, logits: null };
  }
}

/**
 * Output shape, ∂L/∂x (null when no gradient reaches x) and ∂L/∂w for L = Σ g ⊙ apply(x). A weight
 * the loss does not reach is left out (none at all when it reaches none: tfjs refuses that case).
 */
function layerGradients(c: Classifier, model: ModelName, xJson: NumTensor, gJson: NumTensor) {
  const x = toTensor(xJson) as tf.Tensor4D;
  const g = toTensor(gJson);
  const y = c.apply(x);
  if (!(y instanceof tf.Tensor)) throw new Error(`${factory(model)}(): apply(x) must return a tf.Tensor`);
  const outputShape = [...y.shape];
  y.dispose();
  if (outputShape.join(',') !== gJson.shape.join(',')) return { outputShape, input: null, weights: {} };
  const loss = (xs: tf.Tensor) => tf.sum(tf.mul(c.apply(xs as tf.Tensor4D), g)) as tf.Scalar;
  let weights: Record<string, NumTensor> = {};
  try {
    weights = variableGradients(c, () => loss(x), { what: weightsOf(model) });
  } catch (e) {
    if (!(e instanceof Error && /Cannot find a connection between any variable/.test(e.message))) throw e;
  }
  let input: NumTensor | null = null;
  try {
    input = fromTensor(tf.grad(loss)(x), 'the gradient of apply(x) with respect to x');
  } catch (e) {
    // tfjs refuses a gradient when the output does not depend on x through tfjs operations.
    if (!(e instanceof Error && /Cannot compute gradient/.test(e.message))) throw e;
  }
  return { outputShape, input, weights };
}

const sizeLabel = (a: ClassifierArgs) => `${a.height}×${a.width} images, F=${a.filters}, C=${a.numClasses}`;

export const probes = {
  /** Declared weights of both models at the drawn sizes (after one forward pass). */
  declared(learner: unknown, plan: Plan) {
    const { args, x } = plan.sized;
    return MODELS.map((model) => {
      const c = build(learner, model, args);
      logits(c, toTensor(x) as tf.Tensor4D, model);
      return { model, weights: declaredWeights(c, weightsOf(model)) };
    });
  },
  /**
   * Logits of both models with the grader's weights, per model: the first classifier, a second one of
   * other sizes alive at the same time (calls interleaved), a single image, and new weights in the
   * first. Each call is attempted on its own; labels start with the model's name.
   */
  injected(learner: unknown, plan: Plan) {
    const z = plan.sized;
    return MODELS.flatMap((model) => {
      const first = build(learner, model, z.args);
      const second = build(learner, model, z.other.args);
      const run = (c: Classifier, x: NumTensor) => logits(c, toTensor(x) as tf.Tensor4D, model);
      return [
        attempt(`${model}: a batch of ${z.x.shape[0]} (${sizeLabel(z.args)})`, () => {
          inject(first, model, z.weights[model]);
          return run(first, z.x);
        }),
        attempt(`${model}: a second classifier alive at the same time (${sizeLabel(z.other.args)})`, () => {
          inject(second, model, z.other.weights[model]);
          return run(second, z.other.x);
        }),
        attempt(`${model}: a single image`, () => run(first, z.single)),
        attempt(`${model}: after new weights were assigned to the first classifier`, () => {
          inject(first, model, z.updated.weights[model]);
          return run(first, z.updated.x);
        }),
      ];
    });
  },
  /** ∂/∂x and ∂/∂w of Σ g ⊙ logits(x) for both models, with the grader's weights. */
  gradients(learner: unknown, plan: Plan) {
    const g = plan.sized.gradient;
    const out = {} as PerModel<ReturnType<typeof layerGradients>>;
    for (const model of MODELS) {
      const c = build(learner, model, plan.sized.args);
      inject(c, model, g.weights[model]);
      out[model] = layerGradients(c, model, g.x, g.upstream);
    }
    return out;
  },
  /**
   * The experiment: each model starts from the grader's initial weights (weights whose name or
   * shape differ from the statement keep your own initial values), takes `steps` full-batch
   * Adam steps on softmax cross-entropy over the training images, then classifies the training
   * and the test images. Accuracies are computed by the grader from these logits.
   */
  experiment(learner: unknown, plan: Plan) {
    const e = plan.experiment;
    const trainX = toTensor(e.trainX) as tf.Tensor4D;
    const testX = toTensor(e.testX) as tf.Tensor4D;
    const onehot = tf.oneHot(tf.tensor1d(e.trainLabels, 'int32'), plan.args.numClasses);
    return MODELS.map((model) => {
      const c = build(learner, model, plan.args);
      inject(c, model, e.init[model], true);
      const loss = () => tf.losses.softmaxCrossEntropy(onehot, c.apply(trainX)) as tf.Scalar;
      const { losses, weights } = trainWithOptimizer(c, { optimizer: tf.train.adam(e.learningRate), steps: e.steps, loss, what: weightsOf(model) });
      return { model, losses, weights, trainLogits: logits(c, trainX, model), testLogits: logits(c, testX, model) };
    });
  },
  /**
   * Per model: every variable the factory and its calls create, against those weights() declares;
   * and, with the grader's weights, which declared weights the gradient of Σ g ⊙ logits reaches.
   */
  variables(learner: unknown, plan: Plan) {
    const g = plan.sized.gradient;
    return MODELS.map((model) => {
      let reach: ReturnType<typeof gradientReach> = [];
      const contract = variableContract(
        () => build(learner, model, plan.sized.args),
        (c) => {
          inject(c, model, g.weights[model]);
          const x = toTensor(g.x) as tf.Tensor4D;
          tf.dispose(c.apply(x));
          reach = gradientReach(c, () => tf.sum(tf.mul(c.apply(x), toTensor(g.upstream))) as tf.Scalar, { what: weightsOf(model) });
        },
        weightsOf(model),
      );
      return { model, contract, reach };
    });
  },
  /** Tensors each model's apply(x) leaves behind (the statement asks for tf.tidy). */
  leaks(learner: unknown, plan: Plan) {
    const x = toTensor(plan.sized.x) as tf.Tensor4D;
    return MODELS.map((model) => {
      const c = build(learner, model, plan.sized.args);
      return { call: `${factory(model)}(): apply(x)`, leaked: leakedTensors(() => c.apply(x)) };
    });
  },
};
