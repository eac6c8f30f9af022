// Public glue: how the grader builds, calls and differentiates your tied language model. Runs
// inside the sandbox (and in the browser for visible checks). It only sees the plan, never the seed.
import * as tf from '@tensorflow/tfjs';
import { construct, declaredWeights, fromTensor, injectWeights, tensorRecord, variableGradients, variablesOf, weightValues, type NumTensor } from '@tyinglab/grader/probe-kit';

export interface Args {
  vocabSize: number;
  embedSize: number;
}

/** One finite-difference coordinate (finiteDifferencePlan in the check library). */
export interface FdCoordinate {
  param: string;
  index: number;
  plus: number;
  minus: number;
}

export interface Plan {
  /** The main model size. */
  args: Args;
  /** A second, small model (every size the statement allows): its weights and one batch. */
  small: { args: Args; weights: Record<string, NumTensor>; tokens: number[] };
  /** Weight values injected by name; `update` is written into the same model between calls. */
  weights: Record<string, NumTensor>;
  update: Record<string, NumTensor>;
  /** Batches of token ids (integers in [0, V)), one of them a single token. */
  batches: { label: string; tokens: number[] }[];
  /**
   * Mean next-token cross-entropy of logits(tokens) against targets: a batch, then (after a
   * forward pass on `between`) a second batch, on one model; finite-difference points of the first.
   */
  grad: { tokens: number[]; targets: number[]; tokens2: number[]; targets2: number[]; between: number[]; fd: FdCoordinate[] };
  /** optimizer.minimize(L) with SGD over every variable your code creates, from the grader's weights. */
  train: { lr: number; batches: { tokens: number[]; targets: number[] }[] };
}

interface Lm {
  weights(): Record<string, tf.Variable>;
  logits(tokens: tf.Tensor1D): tf.Tensor2D;
  gradients(tokens: tf.Tensor1D, targets: tf.Tensor1D): Record<string, tf.Tensor>;
}

export const requiredExports = ['createTiedLm'];

const ids = (xs: number[]) => tf.tensor1d(xs, 'int32');

const build = (learner: unknown, args: Args): Lm => construct<Lm>(learner, 'createTiedLm', { ...args }, ['weights', 'logits', 'gradients']);

/** Mean cross-entropy −(1/N) Σ_n log softmax(logits_n)[target_n]. */
const lossOf = (m: Lm, tokens: number[], targets: number[], V: number): tf.Scalar =>
  tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(ids(targets), V).toFloat(), tf.logSoftmax(m.logits(ids(tokens)))), 1))) as tf.Scalar;

/** Builds the model (and runs it once, for weights created lazily) and lists every variable the code created meanwhile. */
function buildTracked(learner: unknown, args: Args, tokens: number[]): { m: Lm; created: tf.Variable[] } {
  const before = new Set(Object.keys(tf.engine().registeredVariables));
  const m = build(learner, args);
  m.logits(ids(tokens));
  const created = Object.entries(tf.engine().registeredVariables)
    .filter(([name]) => !before.has(name))
    .map(([, v]) => v);
  return { m, created };
}

/** The loss with one weight coordinate set to `value` (restored afterwards), computed in float64 from the logits. */
function lossAt(m: Lm, g: Plan['grad'], V: number, param: string, index: number, value: number): number {
  const v = variablesOf(m)[param];
  if (!v) throw new Error(`weights() has no tf.Variable named "${param}"`);
  const old = v.dataSync().slice();
  const changed = old.slice();
  changed[index] = value;
  v.assign(tf.tensor(changed, v.shape));
  const z = m.logits(ids(g.tokens)).dataSync();
  v.assign(tf.tensor(old, v.shape));
  let sum = 0;
  g.tokens.forEach((_, n) => {
    const row = Array.from(z.slice(n * V, (n + 1) * V));
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((s, x) => s + Math.exp(x - max), 0));
    sum += lse - row[g.targets[n]!]!;
  });
  return sum / g.tokens.length;
}

export const probes = {
  /** Declared weights after running batches of different sizes. */
  declared(learner: unknown, plan: Plan) {
    const m = build(learner, plan.args);
    return plan.batches.map(({ label, tokens }) => {
      m.logits(ids(tokens));
      return { label, weights: declaredWeights(m) };
    });
  },
  /** Declared weights of the small model. */
  declaredSmall(learner: unknown, plan: Plan) {
    const m = build(learner, plan.small.args);
    m.logits(ids(plan.small.tokens));
    return declaredWeights(m);
  },
  /**
   * logits(tokens) with the grader's weights: two models alive at once, repeated calls on one
   * model, new weights written between calls, and a model of the small size.
   */
  injected(learner: unknown, plan: Plan) {
    const a = build(learner, plan.args);
    const b = build(learner, plan.args);
    injectWeights(a, plan.weights);
    injectWeights(b, plan.update);
    const out: { label: string; logits: NumTensor }[] = [];
    const run = (m: Lm, tokens: number[], label: string) => out.push({ label, logits: fromTensor(m.logits(ids(tokens)), 'logits(tokens)') });
    const [first, second] = plan.batches as [Plan['batches'][number], Plan['batches'][number]];
    for (const { label, tokens } of plan.batches) run(a, tokens, label);
    run(b, first.tokens, `${first.label}, a second model with other weights`);
    run(a, second.tokens, `${second.label}, the first model again`);
    // Weights written between calls (as an optimizer does) must be used by the next call.
    injectWeights(a, plan.update);
    run(a, first.tokens, `${first.label} after new weights were assigned`);
    const s = build(learner, plan.small.args);
    injectWeights(s, plan.small.weights);
    run(s, plan.small.tokens, `a model with V = ${plan.small.args.vocabSize}, D = ${plan.small.args.embedSize}`);
    return out;
  },
  /**
   * Your gradients(tokens, targets) on one batch; then, on the same model, new weights are assigned
   * (as an optimizer does), a forward pass runs on another batch of the second batch's size, and
   * gradients() runs on the second batch.
   */
  manualGrad(learner: unknown, plan: Plan) {
    const m = build(learner, plan.args);
    injectWeights(m, plan.weights);
    const g = plan.grad;
    const first = tensorRecord(m.gradients(ids(g.tokens), ids(g.targets)), 'gradients()');
    injectWeights(m, plan.update);
    m.logits(ids(g.between));
    const second = tensorRecord(m.gradients(ids(g.tokens2), ids(g.targets2)), 'gradients()');
    return { first, second };
  },
  /** tf.variableGrads of the mean cross-entropy through your own logits(), and the loss at the finite-difference points. */
  autodiffGrad(learner: unknown, plan: Plan) {
    const m = build(learner, plan.args);
    injectWeights(m, plan.weights);
    const g = plan.grad;
    const V = plan.args.vocabSize;
    const first = variableGradients(m, () => lossOf(m, g.tokens, g.targets, V));
    const fd = g.fd.map((c) => ({ plus: lossAt(m, g, V, c.param, c.index, c.plus), minus: lossAt(m, g, V, c.param, c.index, c.minus) }));
    injectWeights(m, plan.update);
    const second = variableGradients(m, () => lossOf(m, g.tokens2, g.targets2, V));
    return { first, second, fd };
  },
  /**
   * Tensors each method leaves behind on a second call (the first call may build caches once):
   * 0 when the computation is wrapped in tf.tidy; negative when it disposes tensors it was given.
   */
  leaks(learner: unknown, plan: Plan) {
    const m = build(learner, plan.args);
    injectWeights(m, plan.weights);
    const tokens = ids(plan.grad.tokens);
    const targets = ids(plan.grad.targets);
    const calls: [string, () => unknown][] = [
      ['logits(tokens)', () => m.logits(tokens)],
      ['gradients(tokens, targets)', () => m.gradients(tokens, targets)],
    ];
    return calls.map(([call, f]) => {
      tf.dispose(f() as tf.TensorContainer);
      const before = tf.memory().numTensors;
      tf.dispose(f() as tf.TensorContainer);
      return { call, leaked: tf.memory().numTensors - before };
    });
  },
  /** How many gradient-tape operations TensorFlow.js recorded while your gradients() ran (0 when written by hand). */
  handWritten(learner: unknown, plan: Plan) {
    const m = build(learner, plan.args);
    injectWeights(m, plan.weights);
    const state = tf.engine().state;
    const before = state.nextTapeNodeId;
    m.gradients(ids(plan.grad.tokens), ids(plan.grad.targets));
    return { tapeNodes: state.nextTapeNodeId - before };
  },
  /**
   * Which variables autodiff of the loss reaches: every variable your code created (registered
   * with TensorFlow.js), declared in weights() or not, with the largest |gradient| (null: not reached).
   */
  reach(learner: unknown, plan: Plan) {
    const g = plan.grad;
    const { m, created } = buildTracked(learner, plan.args, g.tokens);
    injectWeights(m, plan.weights);
    const declared = variablesOf(m);
    const declaredIds = new Set(Object.values(declared).map((v) => v.name));
    const trainable = [...new Set([...created, ...Object.values(declared)])].filter((v) => v.trainable);
    let grads: Record<string, tf.Tensor | null> = {};
    try {
      if (trainable.length) grads = tf.variableGrads(() => lossOf(m, g.tokens, g.targets, plan.args.vocabSize), trainable).grads;
    } catch {
      grads = {}; // no variable reaches the loss at all
    }
    const largest = (v: tf.Variable): number | null => {
      const gr = grads[v.name];
      return gr ? Math.max(0, ...Array.from(gr.abs().dataSync())) : null;
    };
    return {
      declared: Object.entries(declared).map(([name, v]) => ({ name, trainable: v.trainable, gradient: largest(v) })),
      undeclared: created.filter((v) => !declaredIds.has(v.name)).map((v) => ({ shape: [...v.shape], trainable: v.trainable, gradient: largest(v) })),
    };
  },
  /**
   * Training as a user would: optimizer.minimize(L) with SGD over every trainable variable your
   * code created, from the grader's weights; the loss before each step and the declared weights
   * after the last one.
   */
  train(learner: unknown, plan: Plan) {
    const first = plan.train.batches[0]!;
    const { m, created } = buildTracked(learner, plan.args, first.tokens);
    injectWeights(m, plan.weights);
    const vars = [...new Set([...created, ...Object.values(variablesOf(m))])].filter((v) => v.trainable);
    const opt = tf.train.sgd(plan.train.lr);
    const losses: number[] = [];
    try {
      for (const { tokens, targets } of plan.train.batches) {
        const value = opt.minimize(() => lossOf(m, tokens, targets, plan.args.vocabSize), true, vars)!;
        losses.push(value.dataSync()[0]!);
      }
    } finally {
      opt.dispose();
    }
    return { losses, weights: weightValues(m) };
  },
};
