// Public glue: how the grader builds, calls and differentiates your autoencoder. Runs inside the
// sandbox (and in the browser for visible checks). It only sees the plan, never the seed.
import * as tf from '@tensorflow/tfjs';
import { construct, declaredWeights, fromTensor, injectWeights, tensorRecord, variableGradients, variablesOf, weightValues, type NumTensor } from '@tyinglab/grader/probe-kit';

export interface Args {
  inputSize: number;
  codeSize: number;
}

/** One finite-difference coordinate (finiteDifferencePlan in the check library). */
export interface FdCoordinate {
  param: string;
  index: number;
  plus: number;
  minus: number;
}

export interface Plan {
  /** The main model size (K ≥ 2, so a reshape is not a transpose). */
  args: Args;
  /** A second, small model size (K = 1 possible): every size the statement allows. */
  small: { args: Args; weights: Record<string, NumTensor>; x: NumTensor };
  /** Weight values injected by name; `update` is written into the same model between calls. */
  weights: Record<string, NumTensor>;
  update: Record<string, NumTensor>;
  /** Batches [N, D] (one of them a batch of one). */
  inputs: { label: string; x: NumTensor }[];
  /** Two batches for the gradient of L = ½ Σ (reconstruct(x) − x)², on one model, one after the other. */
  grad: { x: NumTensor; x2: NumTensor; between: NumTensor; fd: FdCoordinate[] };
  /** optimizer.minimize(L) with SGD over every variable your code creates, from the grader's weights. */
  train: { lr: number; batches: NumTensor[] };
}

interface Model {
  weights(): Record<string, tf.Variable>;
  encode(x: tf.Tensor2D): tf.Tensor2D;
  reconstruct(x: tf.Tensor2D): tf.Tensor2D;
  gradients(x: tf.Tensor2D): Record<string, tf.Tensor>;
}

export const requiredExports = ['createTiedAutoencoder'];

const t2 = (t: NumTensor) => tf.tensor2d(t.data, t.shape as [number, number]);

const build = (learner: unknown, args: Args): Model => construct<Model>(learner, 'createTiedAutoencoder', { ...args }, ['weights', 'encode', 'reconstruct', 'gradients']);

const lossOf = (m: Model, x: tf.Tensor2D): tf.Scalar => tf.mul(0.5, tf.sum(tf.square(tf.sub(m.reconstruct(x), x))));

/** Builds the model (and runs it once, for weights created lazily) and lists every variable the code created meanwhile. */
function buildTracked(learner: unknown, args: Args, x: NumTensor): { m: Model; created: tf.Variable[] } {
  const before = new Set(Object.keys(tf.engine().registeredVariables));
  const m = build(learner, args);
  m.reconstruct(t2(x));
  const created = Object.entries(tf.engine().registeredVariables)
    .filter(([name]) => !before.has(name))
    .map(([, v]) => v);
  return { m, created };
}

/** The loss L with one weight coordinate set to `value` (restored afterwards), summed in float64. */
function lossAt(m: Model, x: NumTensor, param: string, index: number, value: number): number {
  const v = variablesOf(m)[param];
  if (!v) throw new Error(`weights() has no tf.Variable named "${param}"`);
  const old = v.dataSync().slice();
  const changed = old.slice();
  changed[index] = value;
  v.assign(tf.tensor(changed, v.shape));
  const r = m.reconstruct(t2(x)).dataSync();
  v.assign(tf.tensor(old, v.shape));
  let sum = 0;
  for (let i = 0; i < x.data.length; i++) sum += 0.5 * (r[i]! - x.data[i]!) ** 2;
  return sum;
}

export const probes = {
  /** Declared weights after reconstructing batches of different sizes, for both model sizes. */
  declared(learner: unknown, plan: Plan) {
    const m = build(learner, plan.args);
    const main = plan.inputs.map(({ label, x }) => {
      m.reconstruct(t2(x));
      return { label, weights: declaredWeights(m) };
    });
    return main;
  },
  /** Declared weights of the small model. */
  declaredSmall(learner: unknown, plan: Plan) {
    const m = build(learner, plan.small.args);
    m.reconstruct(t2(plan.small.x));
    return declaredWeights(m);
  },
  /**
   * encode(x) and reconstruct(x) with the grader's weights: two models alive at once, repeated
   * calls on one model, new weights written between calls, and a model of the small size.
   */
  injected(learner: unknown, plan: Plan) {
    const a = build(learner, plan.args);
    const b = build(learner, plan.args);
    injectWeights(a, plan.weights);
    injectWeights(b, plan.update);
    const out: { label: string; code: NumTensor; recon: NumTensor }[] = [];
    const run = (m: Model, x: NumTensor, label: string) => out.push({ label, code: fromTensor(m.encode(t2(x)), 'encode(x)'), recon: fromTensor(m.reconstruct(t2(x)), 'reconstruct(x)') });
    for (const { label, x } of plan.inputs) run(a, x, label);
    // A second model with other weights must not change the first one's results, and vice versa.
    run(b, plan.inputs[0]!.x, `${plan.inputs[0]!.label}, a second model with other weights`);
    run(a, plan.inputs[1]!.x, `${plan.inputs[1]!.label}, the first model again`);
    // Weights written between calls (as an optimizer does) must be used by the next call.
    injectWeights(a, plan.update);
    run(a, plan.inputs[0]!.x, `${plan.inputs[0]!.label} after new weights were assigned`);
    const s = build(learner, plan.small.args);
    injectWeights(s, plan.small.weights);
    run(s, plan.small.x, `a model with D = ${plan.small.args.inputSize}, K = ${plan.small.args.codeSize}`);
    return out;
  },
  /**
   * The linear part of your reconstruction with your own initial weights: row i of
   * reconstruct(I) − reconstruct(0) is what the i-th unit vector maps to (this is W Wᵀ when tied).
   */
  linearMap(learner: unknown, plan: Plan) {
    const m = build(learner, plan.args);
    const D = plan.args.inputSize;
    const S = tf.sub(m.reconstruct(tf.eye(D) as tf.Tensor2D), m.reconstruct(tf.zeros([D, D]) as tf.Tensor2D));
    return fromTensor(S, 'reconstruct(I) − reconstruct(0)');
  },
  /**
   * Your gradients(x) on one batch; then, on the same model, new weights are assigned (as an
   * optimizer does), a forward pass runs on another batch of the second batch's size, and
   * gradients(x) runs on the second batch.
   */
  manualGrad(learner: unknown, plan: Plan) {
    const m = build(learner, plan.args);
    injectWeights(m, plan.weights);
    const first = tensorRecord(m.gradients(t2(plan.grad.x)), 'gradients()');
    injectWeights(m, plan.update);
    m.reconstruct(t2(plan.grad.between));
    const second = tensorRecord(m.gradients(t2(plan.grad.x2)), 'gradients()');
    return { first, second };
  },
  /** tf.variableGrads of L through your own reconstruct(), and L at the finite-difference points. */
  autodiffGrad(learner: unknown, plan: Plan) {
    const m = build(learner, plan.args);
    injectWeights(m, plan.weights);
    const first = variableGradients(m, () => lossOf(m, t2(plan.grad.x)));
    const fd = plan.grad.fd.map((c) => ({ plus: lossAt(m, plan.grad.x, c.param, c.index, c.plus), minus: lossAt(m, plan.grad.x, c.param, c.index, c.minus) }));
    injectWeights(m, plan.update);
    const second = variableGradients(m, () => lossOf(m, t2(plan.grad.x2)));
    return { first, second, fd };
  },
  /**
   * Tensors each method leaves behind on a second call (the first call may build caches once):
   * 0 when the computation is wrapped in tf.tidy; negative when it disposes tensors it was given.
   */
  leaks(learner: unknown, plan: Plan) {
    const m = build(learner, plan.args);
    injectWeights(m, plan.weights);
    const x = t2(plan.grad.x);
    const calls: [string, () => unknown][] = [
      ['encode(x)', () => m.encode(x)],
      ['reconstruct(x)', () => m.reconstruct(x)],
      ['gradients(x)', () => m.gradients(x)],
    ];
    return calls.map(([call, f]) => {
      tf.dispose(f() as tf.TensorContainer);
      const before = tf.memory().numTensors;
      tf.dispose(f() as tf.TensorContainer);
      return { call, leaked: tf.memory().numTensors - before };
    });
  },
  /** How many gradient-tape operations TensorFlow.js recorded while your gradients(x) ran (0 when written by hand). */
  handWritten(learner: unknown, plan: Plan) {
    const m = build(learner, plan.args);
    injectWeights(m, plan.weights);
    const state = tf.engine().state;
    const before = state.nextTapeNodeId;
    m.gradients(t2(plan.grad.x));
    return { tapeNodes: state.nextTapeNodeId - before };
  },
  /**
   * Which variables autodiff of L reaches: every variable your code created (registered with
   * TensorFlow.js), declared in weights() or not, with the largest |gradient| (null: not reached).
   */
  reach(learner: unknown, plan: Plan) {
    const { m, created } = buildTracked(learner, plan.args, plan.grad.x);
    injectWeights(m, plan.weights);
    const declared = variablesOf(m);
    const declaredIds = new Set(Object.values(declared).map((v) => v.name));
    const trainable = [...new Set([...created, ...Object.values(declared)])].filter((v) => v.trainable);
    let grads: Record<string, tf.Tensor | null> = {};
    try {
      if (trainable.length) grads = tf.variableGrads(() => lossOf(m, t2(plan.grad.x)), trainable).grads;
    } catch {
      grads = {}; // no variable reaches the loss at all
    }
    const largest = (v: tf.Variable): number | null => {
      const g = grads[v.name];
      return g ? Math.max(0, ...Array.from(g.abs().dataSync())) : null;
    };
    return {
      declared: Object.entries(declared).map(([name, v]) => ({ name, trainable: v.trainable, gradient: largest(v) })),
      undeclared: created.filter((v) => !declaredIds.has(v.name)).map((v) => ({ shape: [...v.shape], trainable: v.trainable, gradient: largest(v) })),
    };
  },
  /**
   * Training as a user would: optimizer.minimize(L) with SGD over every trainable variable your
   * code created, from the grader's weights; the loss before each step, the declared weights after
   * the last one, and ∂L/∂x of the first batch (the model inside a larger network).
   */
  train(learner: unknown, plan: Plan) {
    const { m, created } = buildTracked(learner, plan.args, plan.train.batches[0]!);
    injectWeights(m, plan.weights);
    const x0 = t2(plan.train.batches[0]!);
    let inputGrad: NumTensor | null = null;
    try {
      inputGrad = fromTensor(tf.grad((x: tf.Tensor) => lossOf(m, x as tf.Tensor2D))(x0), '∂L/∂x through reconstruct(x)');
    } catch {
      inputGrad = null; // reconstruct(x) is not differentiable in x (the check says so)
    }
    const vars = [...new Set([...created, ...Object.values(variablesOf(m))])].filter((v) => v.trainable);
    const opt = tf.train.sgd(plan.train.lr);
    const losses: number[] = [];
    try {
      for (const batch of plan.train.batches) {
        const value = opt.minimize(() => lossOf(m, t2(batch)), true, vars)!;
        losses.push(value.dataSync()[0]!);
      }
    } finally {
      opt.dispose();
    }
    return { losses, weights: weightValues(m), inputGrad };
  },
};
