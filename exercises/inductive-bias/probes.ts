// Public glue: how the grader builds, calls and trains your two classifiers. Runs inside the
// sandbox (and in the browser for visible checks). It only sees the plan, never the seed.
import * as tf from '@tensorflow/tfjs';
import { construct, declaredWeights, fromTensor, injectWeights, toTensor, trainWithOptimizer, type NumTensor } from '@tyinglab/grader/probe-kit';

export interface ClassifierArgs {
  height: number;
  width: number;
  filters: number;
  numClasses: number;
}

export type ModelName = 'tied' | 'untied';

export interface Plan {
  args: ClassifierArgs;
  /** Random weights injected by name, per model, for the reference comparison. */
  weights: Record<ModelName, Record<string, NumTensor>>;
  /** A random batch for the reference comparison. */
  x: NumTensor;
  experiment: {
    /** Initial weights, per model (the same for you and the reference). */
    init: Record<ModelName, Record<string, NumTensor>>;
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

const build = (learner: unknown, model: ModelName, plan: Plan): Classifier =>
  construct<Classifier>(learner, factory(model), { ...plan.args }, ['weights', 'apply']);

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

export const probes = {
  /** Declared weights of both models (after one forward pass). */
  declared(learner: unknown, plan: Plan) {
    return MODELS.map((model) => {
      const c = build(learner, model, plan);
      logits(c, toTensor(plan.x) as tf.Tensor4D, model);
      return { model, weights: declaredWeights(c, weightsOf(model)) };
    });
  },
  /** Logits of both models with the grader's weights injected, labelled with the model's name. */
  injected(learner: unknown, plan: Plan) {
    return MODELS.map((model) => {
      const c = build(learner, model, plan);
      inject(c, model, plan.weights[model]);
      return { label: model, logits: logits(c, toTensor(plan.x) as tf.Tensor4D, model) };
    });
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
      const c = build(learner, model, plan);
      inject(c, model, e.init[model], true);
      const loss = () => tf.losses.softmaxCrossEntropy(onehot, c.apply(trainX)) as tf.Scalar;
      const { losses } = trainWithOptimizer(c, { optimizer: tf.train.adam(e.learningRate), steps: e.steps, loss, what: weightsOf(model) });
      return { model, losses, trainLogits: logits(c, trainX, model), testLogits: logits(c, testX, model) };
    });
  },
};
