// Public glue: how the grader builds, calls and trains your attention stack. Runs inside the sandbox
// (and in the browser for visible checks). It only sees the plan: inputs and weights, never the seed.
import * as tf from '@tensorflow/tfjs';
import { applyTo, construct, declaredWeights, fromTensor, injectWeights, variablesOf, weightValues, type NumTensor } from '@tyinglab/grader/probe-kit';

/** One finite-difference coordinate (finiteDifferencePlan in the check library). */
export interface FdCoordinate {
  param: string;
  index: number;
  plus: number;
  minus: number;
}

export interface Plan {
  dModel: number;
  /** Depths at which the declared weights are listed (parameter count vs depth); the first is 1. */
  depths: number[];
  /** Input used while listing the weights. */
  probeX: NumTensor;
  /** A second width, never the main one: its depth, weights and input. */
  other: { dModel: number; numLayers: number; weights: Record<string, NumTensor>; x: NumTensor };
  /**
   * Weights injected by name (for a stack of `injected.numLayers` layers) and the inputs they are
   * applied to; `update` is written into the same stack between calls.
   */
  injected: { numLayers: number; weights: Record<string, NumTensor>; update: Record<string, NumTensor>; inputs: { label: string; x: NumTensor }[] };
  /** Sequences x and px[:, i] = x[:, perm[i]] (tokens reordered); run with `injected.weights`. */
  permuted: { x: NumTensor; perm: number[]; px: NumTensor };
  /**
   * L = sum(dY ⊙ apply(x)) with the training weights: which variables autodiff reaches, and L at the
   * finite-difference points.
   */
  grad: { x: NumTensor; dY: NumTensor; fd: FdCoordinate[] };
  /** optimizer.minimize(L) with SGD over every variable your code creates, from the plan's training weights. */
  train: { lr: number; weights: Record<string, NumTensor>; batches: { x: NumTensor; dY: NumTensor }[] };
}

interface Stack {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor3D): tf.Tensor3D;
}

export const requiredExports = ['createSharedKvAttention'];

const t3 = (t: NumTensor) => tf.tensor3d(t.data, t.shape as [number, number, number]);

const build = (learner: unknown, dModel: number, numLayers: number): Stack => construct<Stack>(learner, 'createSharedKvAttention', { dModel, numLayers }, ['weights', 'apply']);

const lossOf = (m: Stack, x: tf.Tensor3D, dY: tf.Tensor3D): tf.Scalar => tf.sum(tf.mul(dY, m.apply(x)));

/** Builds the stack (and runs it once, for weights created lazily) and lists every variable the code created meanwhile. */
function buildTracked(learner: unknown, plan: Plan, x: NumTensor): { m: Stack; created: tf.Variable[] } {
  const before = new Set(Object.keys(tf.engine().registeredVariables));
  const m = build(learner, plan.dModel, plan.injected.numLayers);
  m.apply(t3(x));
  const created = Object.entries(tf.engine().registeredVariables)
    .filter(([name]) => !before.has(name))
    .map(([, v]) => v);
  return { m, created };
}

/** L with one weight coordinate set to `value` (restored afterwards), summed in float64. */
function lossAt(m: Stack, x: NumTensor, dY: NumTensor, param: string, index: number, value: number): number {
  const v = variablesOf(m)[param];
  if (!v) throw new Error(`weights() has no tf.Variable named "${param}"`);
  const old = v.dataSync().slice();
  const changed = old.slice();
  changed[index] = value;
  v.assign(tf.tensor(changed, v.shape));
  const y = m.apply(t3(x)).dataSync();
  v.assign(tf.tensor(old, v.shape));
  let sum = 0;
  for (let i = 0; i < dY.data.length; i++) sum += dY.data[i]! * y[i]!;
  return sum;
}

export const probes = {
  /** Declared weights of stacks of different depths (after one forward pass each). */
  declared(learner: unknown, plan: Plan) {
    return plan.depths.map((numLayers) => {
      const stack = build(learner, plan.dModel, numLayers);
      applyTo(stack, plan.probeX);
      return { label: `L = ${numLayers}`, weights: declaredWeights(stack) };
    });
  },
  /** Declared weights of a stack of the second width. */
  declaredOther(learner: unknown, plan: Plan) {
    const o = plan.other;
    const stack = build(learner, o.dModel, o.numLayers);
    applyTo(stack, o.x);
    return declaredWeights(stack);
  },
  /**
   * Outputs with the grader's weights injected, for every input; then a second stack with other
   * weights alive at once, repeated calls, new weights assigned between calls, and the second width.
   */
  injected(learner: unknown, plan: Plan) {
    const { numLayers, weights, update, inputs } = plan.injected;
    const m = build(learner, plan.dModel, numLayers);
    injectWeights(m, weights);
    const out = inputs.map(({ label, x }) => ({ label, y: applyTo(m, x) }));
    const other = build(learner, plan.dModel, numLayers);
    injectWeights(other, update);
    out.push({ label: `${inputs[0]!.label}, a second stack with other weights`, y: applyTo(other, inputs[0]!.x) });
    out.push({ label: `${inputs[1]!.label}, the first stack again`, y: applyTo(m, inputs[1]!.x) });
    injectWeights(m, update);
    out.push({ label: `${inputs[0]!.label} after new weights were assigned`, y: applyTo(m, inputs[0]!.x) });
    const o = plan.other;
    const w = build(learner, o.dModel, o.numLayers);
    injectWeights(w, o.weights);
    out.push({ label: `d = ${o.dModel}, L = ${o.numLayers}`, y: applyTo(w, o.x) });
    return out;
  },
  /** f(x) and f(P x) for a reordering P of the tokens, with the grader's weights injected. */
  permuted(learner: unknown, plan: Plan) {
    const stack = build(learner, plan.dModel, plan.injected.numLayers);
    injectWeights(stack, plan.injected.weights);
    return { fx: applyTo(stack, plan.permuted.x), fPx: applyTo(stack, plan.permuted.px) };
  },
  /**
   * Which variables autodiff of L reaches: every variable your code created (registered with
   * TensorFlow.js), declared in weights() or not, with the largest |gradient| (null: not reached);
   * the autodiff gradients of the declared weights and L at the finite-difference points.
   */
  reach(learner: unknown, plan: Plan) {
    const g = plan.grad;
    const { m, created } = buildTracked(learner, plan, g.x);
    injectWeights(m, plan.train.weights);
    const declared = variablesOf(m);
    const declaredIds = new Set(Object.values(declared).map((v) => v.name));
    const trainable = [...new Set([...created, ...Object.values(declared)])].filter((v) => v.trainable);
    let grads: Record<string, tf.Tensor | null> = {};
    try {
      if (trainable.length) grads = tf.variableGrads(() => lossOf(m, t3(g.x), t3(g.dY)), trainable).grads;
    } catch {
      grads = {}; // no variable reaches the loss at all
    }
    const largest = (v: tf.Variable): number | null => {
      const gr = grads[v.name];
      return gr ? Math.max(0, ...Array.from(gr.abs().dataSync())) : null;
    };
    const gradient: Record<string, NumTensor> = {};
    for (const [name, v] of Object.entries(declared)) {
      const gr = grads[v.name];
      if (gr) gradient[name] = fromTensor(gr, `the gradient of ${name}`);
    }
    const fd = g.fd.map((c) => ({ plus: lossAt(m, g.x, g.dY, c.param, c.index, c.plus), minus: lossAt(m, g.x, g.dY, c.param, c.index, c.minus) }));
    return {
      declared: Object.entries(declared).map(([name, v]) => ({ name, trainable: v.trainable, gradient: largest(v) })),
      undeclared: created.filter((v) => !declaredIds.has(v.name)).map((v) => ({ shape: [...v.shape], trainable: v.trainable, gradient: largest(v) })),
      autodiff: gradient,
      fd,
    };
  },
  /**
   * Training as a user would: optimizer.minimize(L) with SGD over every trainable variable your
   * code created, from the grader's weights; the loss before each step, the declared weights after
   * the last one, and ∂L/∂x of the first batch (the stack inside a larger network).
   */
  train(learner: unknown, plan: Plan) {
    const t = plan.train;
    const { m, created } = buildTracked(learner, plan, t.batches[0]!.x);
    injectWeights(m, t.weights);
    let inputGrad: NumTensor | null = null;
    try {
      const dY = t3(t.batches[0]!.dY);
      inputGrad = fromTensor(tf.grad((x: tf.Tensor) => lossOf(m, x as tf.Tensor3D, dY))(t3(t.batches[0]!.x)), '∂L/∂x through apply(x)');
    } catch {
      inputGrad = null; // apply(x) is not differentiable in x (the check says so)
    }
    const vars = [...new Set([...created, ...Object.values(variablesOf(m))])].filter((v) => v.trainable);
    const opt = tf.train.sgd(t.lr);
    const losses: number[] = [];
    try {
      for (const { x, dY } of t.batches) {
        const value = opt.minimize(() => lossOf(m, t3(x), t3(dY)), true, vars)!;
        losses.push(value.dataSync()[0]!);
      }
    } finally {
      opt.dispose();
    }
    return { losses, weights: weightValues(m), inputGrad };
  },
  /**
   * Tensors apply(x) leaves behind on a second call (the first call may build caches once): 0 when
   * the computation is wrapped in tf.tidy; negative when it disposes tensors it was given.
   */
  leaks(learner: unknown, plan: Plan) {
    const m = build(learner, plan.dModel, plan.injected.numLayers);
    injectWeights(m, plan.injected.weights);
    const x = t3(plan.grad.x);
    tf.dispose(m.apply(x));
    const before = tf.memory().numTensors;
    tf.dispose(m.apply(x));
    return [{ call: 'apply(x)', leaked: tf.memory().numTensors - before }];
  },
};
