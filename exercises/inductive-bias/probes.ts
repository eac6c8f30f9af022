// Public glue: how the grader builds, calls and trains your two classifiers. Runs inside the
// sandbox (and in the browser for visible checks). It only sees the plan, never the seed.
import * as tf from '@tensorflow/tfjs';

export interface NumTensor {
  shape: number[];
  data: number[];
}

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
type Learner = Record<'createTiedClassifier' | 'createUntiedClassifier', (args: ClassifierArgs) => Classifier>;

export const requiredExports = ['createTiedClassifier', 'createUntiedClassifier'];
const MODELS: ModelName[] = ['tied', 'untied'];
const factory = (m: ModelName) => (m === 'tied' ? 'createTiedClassifier' : 'createUntiedClassifier');

const toTensor = (t: NumTensor) => tf.tensor(t.data, t.shape);

function fromTensor(t: unknown, what: string): NumTensor {
  if (!(t instanceof tf.Tensor)) throw new Error(`${what} must return a tf.Tensor`);
  return { shape: [...t.shape], data: Array.from(t.dataSync()) };
}

function build(learner: unknown, model: ModelName, plan: Plan): Classifier {
  const c = (learner as Learner)[factory(model)]({ ...plan.args });
  if (!c || typeof c.apply !== 'function' || typeof c.weights !== 'function') {
    throw new Error(`${factory(model)} must return an object with weights() and apply(x)`);
  }
  return c;
}

function declared(c: Classifier, model: ModelName): { name: string; shape: number[] }[] {
  const ws = c.weights();
  if (typeof ws !== 'object' || ws === null) throw new Error(`${factory(model)}(): weights() must return an object of tf.Variable`);
  return Object.entries(ws).map(([name, v]) => {
    if (!(v instanceof tf.Variable)) throw new Error(`${factory(model)}(): weights().${name} is not a tf.Variable`);
    return { name, shape: [...v.shape] };
  });
}

/** Writes the grader's values into the weights; `lenient` skips names/shapes that do not match. */
function inject(c: Classifier, model: ModelName, values: Record<string, NumTensor>, lenient = false): void {
  const ws = c.weights();
  for (const [name, value] of Object.entries(values)) {
    const v = ws[name];
    if (lenient && (!(v instanceof tf.Variable) || v.shape.join(',') !== value.shape.join(','))) continue;
    if (!(v instanceof tf.Variable)) throw new Error(`${factory(model)}(): weights() has no tf.Variable named "${name}"`);
    if (v.shape.join(',') !== value.shape.join(',')) {
      throw new Error(`${factory(model)}(): weights().${name} has shape [${v.shape.join(', ')}], the grader needs [${value.shape.join(', ')}]`);
    }
    v.assign(toTensor(value));
  }
}

const logits = (c: Classifier, x: tf.Tensor4D, model: ModelName): NumTensor => fromTensor(c.apply(x), `${factory(model)}(): apply(x)`);

export const probes = {
  /** Declared weights of both models (after one forward pass). */
  declared(learner: unknown, plan: Plan) {
    return MODELS.map((model) => {
      const c = build(learner, model, plan);
      logits(c, toTensor(plan.x) as tf.Tensor4D, model);
      return { model, weights: declared(c, model) };
    });
  },
  /** Logits of both models with the grader's weights injected. */
  injected(learner: unknown, plan: Plan) {
    return MODELS.map((model) => {
      const c = build(learner, model, plan);
      inject(c, model, plan.weights[model]);
      return { model, logits: logits(c, toTensor(plan.x) as tf.Tensor4D, model) };
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
      const opt = tf.train.adam(e.learningRate);
      const varList = Object.values(c.weights());
      const losses: number[] = [];
      for (let s = 0; s < e.steps; s++) {
        const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(onehot, c.apply(trainX)) as tf.Scalar, true, varList);
        losses.push(loss!.dataSync()[0]!);
        loss!.dispose();
      }
      opt.dispose();
      return { model, losses, trainLogits: logits(c, trainX, model), testLogits: logits(c, testX, model) };
    });
  },
};
