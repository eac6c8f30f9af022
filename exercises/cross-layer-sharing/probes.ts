// Public glue: how the grader builds, calls and differentiates your shared-block stack. Runs inside
// the sandbox (and in the browser for visible checks). It only sees the plan, never the seed.
import * as tf from '@tensorflow/tfjs';
import { construct, declaredWeights, fromTensor, injectWeights, tensorRecord, variableGradients, variablesOf, weightValues, type NumTensor } from '@tyinglab/grader/probe-kit';

/** One finite-difference coordinate (finiteDifferencePlan in the check library). */
export interface FdCoordinate {
  param: string;
  index: number;
  plus: number;
  minus: number;
}

export interface Plan {
  width: number;
  /** Weight values injected by name; `update` is written into the same stack between calls. */
  weights: Record<string, NumTensor>;
  update: Record<string, NumTensor>;
  /** A second width, never the main one, with its own weights and batch: a width hard-coded for one plan fails the other. */
  other: { width: number; depth: number; weights: Record<string, NumTensor>; x: NumTensor };
  /** Depths at which the declared weights are listed (the smallest is 1). */
  declared: { label: string; depth: number; x: NumTensor }[];
  /** One stack per depth, each applied to its own batch x [N, H] (one of them a single row). */
  stacks: { label: string; depth: number; x: NumTensor }[];
  /**
   * ℓ = sum(dY ⊙ forward(x)) for a stack of this depth: one batch, then (new weights, a forward pass
   * on `between`) a second batch, on one stack; finite-difference points of the first.
   */
  grad: { depth: number; x: NumTensor; dY: NumTensor; x2: NumTensor; dY2: NumTensor; between: NumTensor; fd: FdCoordinate[] };
  /** optimizer.minimize(ℓ) with SGD over every variable your code creates, from the grader's weights. */
  train: { depth: number; lr: number; batches: { x: NumTensor; dY: NumTensor }[] };
}

interface Grads {
  W: tf.Tensor;
  b: tf.Tensor;
}
interface Stack {
  weights(): Record<string, tf.Variable>;
  forward(x: tf.Tensor2D): tf.Tensor2D;
  gradients(x: tf.Tensor2D, dY: tf.Tensor2D): { total: Grads; perLayer: Grads[] };
}

export const requiredExports = ['createSharedStack'];

const t2 = (t: NumTensor) => tf.tensor2d(t.data, t.shape as [number, number]);

const build = (learner: unknown, width: number, depth: number): Stack => construct<Stack>(learner, 'createSharedStack', { width, depth }, ['weights', 'forward', 'gradients']);

const lossOf = (m: Stack, x: tf.Tensor2D, dY: tf.Tensor2D): tf.Scalar => tf.sum(tf.mul(dY, m.forward(x)));

function manual(m: Stack, x: NumTensor, dY: NumTensor) {
  const out = m.gradients(t2(x), t2(dY));
  if (typeof out !== 'object' || out === null || !Array.isArray(out.perLayer)) throw new Error('gradients() must return { total: { W, b }, perLayer: [{ W, b }, ...] }');
  return { total: tensorRecord(out.total, 'gradients().total'), perLayer: out.perLayer.map((p, i) => tensorRecord(p, `gradients().perLayer[${i}]`)) };
}

/** Builds the stack (and runs it once, for weights created lazily) and lists every variable the code created meanwhile. */
function buildTracked(learner: unknown, width: number, depth: number, x: NumTensor): { m: Stack; created: tf.Variable[] } {
  const before = new Set(Object.keys(tf.engine().registeredVariables));
  const m = build(learner, width, depth);
  m.forward(t2(x));
  const created = Object.entries(tf.engine().registeredVariables)
    .filter(([name]) => !before.has(name))
    .map(([, v]) => v);
  return { m, created };
}

/** ℓ with one weight coordinate set to `value` (restored afterwards), summed in float64. */
function lossAt(m: Stack, x: NumTensor, dY: NumTensor, param: string, index: number, value: number): number {
  const v = variablesOf(m)[param];
  if (!v) throw new Error(`weights() has no tf.Variable named "${param}"`);
  const old = v.dataSync().slice();
  const changed = old.slice();
  changed[index] = value;
  v.assign(tf.tensor(changed, v.shape));
  const y = m.forward(t2(x)).dataSync();
  v.assign(tf.tensor(old, v.shape));
  let sum = 0;
  for (let i = 0; i < dY.data.length; i++) sum += dY.data[i]! * y[i]!;
  return sum;
}

export const probes = {
  /** Declared weights of stacks of different depths. */
  declared(learner: unknown, plan: Plan) {
    return plan.declared.map(({ label, depth, x }) => {
      const m = build(learner, plan.width, depth);
      m.forward(t2(x));
      return { label, weights: declaredWeights(m) };
    });
  },
  /** Declared weights of a stack of the second width. */
  declaredOther(learner: unknown, plan: Plan) {
    const m = build(learner, plan.other.width, plan.other.depth);
    m.forward(t2(plan.other.x));
    return declaredWeights(m);
  },
  /**
   * forward(x) with the grader's weights at each depth; then, at the last depth, a second stack
   * with other weights alive at once, repeated calls, and new weights assigned between calls.
   */
  injected(learner: unknown, plan: Plan) {
    const out: { label: string; y: NumTensor }[] = [];
    const stacks = plan.stacks.map(({ depth }) => build(learner, plan.width, depth));
    stacks.forEach((m, i) => {
      injectWeights(m, plan.weights);
      out.push({ label: plan.stacks[i]!.label, y: fromTensor(m.forward(t2(plan.stacks[i]!.x)), 'forward(x)') });
    });
    const last = plan.stacks[plan.stacks.length - 1]!;
    const m = stacks[stacks.length - 1]!;
    const other = build(learner, plan.width, last.depth);
    injectWeights(other, plan.update);
    out.push({ label: `${last.label}, a second stack with other weights`, y: fromTensor(other.forward(t2(last.x)), 'forward(x)') });
    out.push({ label: `${last.label}, the first stack again`, y: fromTensor(m.forward(t2(plan.stacks[0]!.x)), 'forward(x)') });
    injectWeights(m, plan.update);
    out.push({ label: `${last.label} after new weights were assigned`, y: fromTensor(m.forward(t2(last.x)), 'forward(x)') });
    const o = plan.other;
    const w = build(learner, o.width, o.depth);
    injectWeights(w, o.weights);
    out.push({ label: `width ${o.width}, depth ${o.depth}`, y: fromTensor(w.forward(t2(o.x)), 'forward(x)') });
    return out;
  },
  /**
   * Your gradients(x, dY): the total and the per-layer contributions, on one batch; then, on the
   * same stack, new weights are assigned, a forward pass runs on another batch, and a second batch.
   */
  manualGrad(learner: unknown, plan: Plan) {
    const g = plan.grad;
    const m = build(learner, plan.width, g.depth);
    injectWeights(m, plan.weights);
    const first = manual(m, g.x, g.dY);
    injectWeights(m, plan.update);
    m.forward(t2(g.between));
    const second = manual(m, g.x2, g.dY2);
    return { first, second };
  },
  /** tf.variableGrads of ℓ through your own forward(), on the same two batches, and ℓ at the finite-difference points. */
  autodiffGrad(learner: unknown, plan: Plan) {
    const g = plan.grad;
    const m = build(learner, plan.width, g.depth);
    injectWeights(m, plan.weights);
    const first = variableGradients(m, () => lossOf(m, t2(g.x), t2(g.dY)));
    const fd = g.fd.map((c) => ({ plus: lossAt(m, g.x, g.dY, c.param, c.index, c.plus), minus: lossAt(m, g.x, g.dY, c.param, c.index, c.minus) }));
    injectWeights(m, plan.update);
    const second = variableGradients(m, () => lossOf(m, t2(g.x2), t2(g.dY2)));
    return { first, second, fd };
  },
  /**
   * While your gradients(x, dY) runs: how many times TensorFlow.js differentiates something
   * (tf.grad, tf.grads, tf.variableGrads, …), and the largest number of applications of the block
   * (tanh operations) one of them differentiates through. Differentiating one block is allowed;
   * differentiating several at once is the whole stack's autodiff.
   */
  handWritten(learner: unknown, plan: Plan) {
    const g = plan.grad;
    const m = build(learner, plan.width, g.depth);
    injectWeights(m, plan.weights);
    const engine = tf.engine();
    const original = engine.gradients;
    let calls = 0;
    let maxBlocks = 0;
    engine.gradients = function (f, xs, dy, allowNoGradients) {
      calls++;
      const counted = () => {
        const y = f();
        const tape = engine.state.activeTape ?? [];
        maxBlocks = Math.max(maxBlocks, tape.filter((node) => node.kernelName === 'Tanh').length);
        return y;
      };
      return original.call(engine, counted, xs, dy, allowNoGradients) as ReturnType<typeof original>;
    } as typeof original;
    try {
      m.gradients(t2(g.x), t2(g.dY));
    } finally {
      engine.gradients = original;
    }
    return { calls, maxBlocks };
  },
  /**
   * Which variables autodiff of ℓ reaches: every variable your code created (registered with
   * TensorFlow.js), declared in weights() or not, with the largest |gradient| (null: not reached).
   */
  reach(learner: unknown, plan: Plan) {
    const g = plan.grad;
    const { m, created } = buildTracked(learner, plan.width, g.depth, g.x);
    injectWeights(m, plan.weights);
    const declared = variablesOf(m);
    const declaredIds = new Set(Object.values(declared).map((v) => v.name));
    const trainable = [...new Set([...created, ...Object.values(declared)])].filter((v) => v.trainable);
    let grads: Record<string, tf.Tensor | null> = {};
    try {
      if (trainable.length) grads = tf.variableGrads(() => lossOf(m, t2(g.x), t2(g.dY)), trainable).grads;
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
   * Training as a user would: optimizer.minimize(ℓ) with SGD over every trainable variable your
   * code created, from the grader's weights; the loss before each step, the declared weights after
   * the last one, and ∂ℓ/∂x of the first batch (the stack inside a larger network).
   */
  train(learner: unknown, plan: Plan) {
    const t = plan.train;
    const { m, created } = buildTracked(learner, plan.width, t.depth, t.batches[0]!.x);
    injectWeights(m, plan.weights);
    let inputGrad: NumTensor | null = null;
    try {
      const dY = t2(t.batches[0]!.dY);
      inputGrad = fromTensor(tf.grad((x: tf.Tensor) => lossOf(m, x as tf.Tensor2D, dY))(t2(t.batches[0]!.x)), '∂ℓ/∂x through forward(x)');
    } catch {
      inputGrad = null; // forward(x) is not differentiable in x (the check says so)
    }
    const vars = [...new Set([...created, ...Object.values(variablesOf(m))])].filter((v) => v.trainable);
    const opt = tf.train.sgd(t.lr);
    const losses: number[] = [];
    try {
      for (const { x, dY } of t.batches) {
        const value = opt.minimize(() => lossOf(m, t2(x), t2(dY)), true, vars)!;
        losses.push(value.dataSync()[0]!);
      }
    } finally {
      opt.dispose();
    }
    return { losses, weights: weightValues(m), inputGrad };
  },
  /**
   * Tensors each method leaves behind on a second call (the first call may build caches once):
   * 0 when the computation is wrapped in tf.tidy; negative when it disposes tensors it was given.
   */
  leaks(learner: unknown, plan: Plan) {
    const g = plan.grad;
    const m = build(learner, plan.width, g.depth);
    injectWeights(m, plan.weights);
    const x = t2(g.x);
    const dY = t2(g.dY);
    const calls: [string, () => unknown][] = [
      ['forward(x)', () => m.forward(x)],
      ['gradients(x, dY)', () => m.gradients(x, dY)],
    ];
    return calls.map(([call, f]) => {
      tf.dispose(f() as tf.TensorContainer);
      const before = tf.memory().numTensors;
      tf.dispose(f() as tf.TensorContainer);
      return { call, leaked: tf.memory().numTensors - before };
    });
  },
};
