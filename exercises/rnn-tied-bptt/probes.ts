// Public glue: how the grader builds, calls and differentiates your RNN. Runs inside the sandbox
// (and in the browser for visible checks). It only sees the plan: sizes, inputs and weights, never
// the seed.
import * as tf from '@tensorflow/tfjs';
import { construct, declaredWeights, fromTensor, injectWeights, tensorRecord, toTensor, variableGradients, type NumTensor } from '@tyinglab/grader/probe-kit';

export interface RnnArgs {
  inputSize: number;
  hiddenSize: number;
}

/** A batch of sequences x [N, T, D] with initial states h0 [N, H]. */
export interface Sequence {
  label: string;
  x: NumTensor;
  h0: NumTensor;
}

/** L = sum(dH ⊙ forward(x, h0)) with the given weights; the gradient of L w.r.t. every weight is compared. */
export interface GradCase extends Sequence {
  weights: Record<string, NumTensor>;
  dH: NumTensor;
}

export interface Plan {
  /** The RNN most probes build: input and hidden sizes are drawn per run. */
  args: RnnArgs;
  /** Sequences of two lengths (one of length 1), for the declared weights. */
  inputs: Sequence[];
  /**
   * The reference comparison: a second RNN (other sizes) alive at the same time, calls interleaved,
   * and new weights assigned to the first between two calls.
   */
  injected: {
    weights: Record<string, NumTensor>;
    sequences: Sequence[];
    other: { args: RnnArgs; weights: Record<string, NumTensor>; sequence: Sequence };
    updated: { weights: Record<string, NumTensor>; sequence: Sequence };
  };
  grad: {
    /** One RNN, a short and a long sequence, with new weights assigned before each backward(). */
    cases: GradCase[];
    /** Coordinates [weight name, flat index] for central finite differences of your own forward, on the last case. */
    fdCoords: [string, number][];
    fdEps: number;
  };
}

interface Rnn {
  weights(): Record<string, tf.Variable>;
  forward(x: tf.Tensor3D, h0: tf.Tensor2D): tf.Tensor3D;
  backward(x: tf.Tensor3D, h0: tf.Tensor2D, dH: tf.Tensor3D): Record<string, tf.Tensor>;
}

export const requiredExports = ['createTiedRnn'];

const build = (learner: unknown, args: RnnArgs): Rnn => construct<Rnn>(learner, 'createTiedRnn', { ...args }, ['weights', 'forward', 'backward']);

const forwardOf = (rnn: Rnn, s: Sequence): NumTensor => fromTensor(rnn.forward(toTensor(s.x) as tf.Tensor3D, toTensor(s.h0) as tf.Tensor2D), 'forward(x, h0)');

/** L = sum(dH ⊙ forward(x, h0)) as a scalar tensor. */
const lossOf = (rnn: Rnn, g: GradCase): tf.Scalar => tf.sum(tf.mul(toTensor(g.dH), rnn.forward(toTensor(g.x) as tf.Tensor3D, toTensor(g.h0) as tf.Tensor2D)));

/**
 * Runs `call` and says whether it used tfjs autodiff (tf.grad, tf.grads, tf.valueAndGrads,
 * tf.variableGrads, an optimizer's computeGradients…): every one of them starts a gradient tape,
 * which replaces the engine's idle tape with a fresh one.
 */
function watchingAutodiff<T>(call: () => T): { value: T; usedAutodiff: boolean } {
  const state = tf.engine().state;
  if (state.gradientDepth > 0) return { value: call(), usedAutodiff: false }; // never nested in practice
  const idle = state.activeTape;
  const marker: typeof state.activeTape = [];
  state.activeTape = marker;
  try {
    const value = call();
    return { value, usedAutodiff: state.activeTape !== marker };
  } finally {
    state.activeTape = idle;
  }
}

/**
 * tf.variableGrads of `loss` by weight name; a weight the loss does not reach is left out (and none
 * at all when it reaches none: tfjs refuses that case, the checks name the weights instead).
 */
function autodiff(rnn: Rnn, loss: () => tf.Scalar): Record<string, NumTensor> {
  try {
    return variableGradients(rnn, loss);
  } catch (e) {
    if (e instanceof Error && /Cannot find a connection between any variable/.test(e.message)) return {};
    throw e;
  }
}

/**
 * One call of a sequence: its output, or null when the learner's code threw. The error is not passed
 * on (it may carry hidden inputs); the check names the call instead.
 */
function attempt(label: string, call: () => NumTensor): { label: string; h: NumTensor | null } {
  try {
    return { label, h: call() };
  } catch {
    return { label, h: null };
  }
}

/**
 * Tensors a call leaves allocated besides its result, counted around a repeated call (the first call
 * may build constants once, on purpose). The result is disposed afterwards unless it is a variable.
 */
function leakedBy(call: () => unknown): number {
  const results = (r: unknown): tf.Tensor[] =>
    r instanceof tf.Tensor ? [r] : r && typeof r === 'object' ? Object.values(r).filter((t): t is tf.Tensor => t instanceof tf.Tensor) : [];
  const release = (r: unknown) => tf.dispose(results(r).filter((t) => !(t instanceof tf.Variable)));
  release(call());
  const before = tf.memory().numTensors;
  const r = call();
  const leaked = tf.memory().numTensors - before - results(r).length;
  release(r);
  return leaked;
}

export const probes = {
  /** Declared weights after running sequences of two lengths. */
  declared(learner: unknown, plan: Plan) {
    const rnn = build(learner, plan.args);
    return plan.inputs.map((s) => {
      forwardOf(rnn, s);
      return { label: s.label, weights: declaredWeights(rnn) };
    });
  },
  /**
   * Hidden states with the grader's weights: two RNNs alive at once, calls interleaved, then new
   * weights in the first. Each call is attempted on its own.
   */
  injected(learner: unknown, plan: Plan) {
    const p = plan.injected;
    const first = build(learner, plan.args);
    const second = build(learner, p.other.args);
    const [a, b] = p.sequences as [Sequence, Sequence];
    return [
      attempt(a.label, () => {
        injectWeights(first, p.weights);
        return forwardOf(first, a);
      }),
      attempt(p.other.sequence.label, () => {
        injectWeights(second, p.other.weights);
        return forwardOf(second, p.other.sequence);
      }),
      attempt(b.label, () => forwardOf(first, b)),
      attempt(p.updated.sequence.label, () => {
        injectWeights(first, p.updated.weights);
        return forwardOf(first, p.updated.sequence);
      }),
    ];
  },
  /** Your hand-written backward(x, h0, dH) per case (new weights before each), and whether it used autodiff. */
  manualGrad(learner: unknown, plan: Plan) {
    const rnn = build(learner, plan.args);
    let usedAutodiff = false;
    const cases = plan.grad.cases.map((g) => {
      injectWeights(rnn, g.weights);
      const run = watchingAutodiff(() => rnn.backward(toTensor(g.x) as tf.Tensor3D, toTensor(g.h0) as tf.Tensor2D, toTensor(g.dH) as tf.Tensor3D));
      usedAutodiff ||= run.usedAutodiff;
      return { label: g.label, grads: tensorRecord(run.value, 'backward()') };
    });
    return { usedAutodiff, cases };
  },
  /** tf.variableGrads of L through your own forward, per case (autodiff, for comparison only). */
  autodiffGrad(learner: unknown, plan: Plan) {
    const rnn = build(learner, plan.args);
    const cases = plan.grad.cases.map((g) => {
      injectWeights(rnn, g.weights);
      return { label: g.label, grads: autodiff(rnn, () => lossOf(rnn, g)) };
    });
    return { usedAutodiff: false, cases };
  },
  /**
   * Autodiff through your forward() on the last case: L = sum(dH ⊙ forward(x, h0)) differentiated
   * with respect to x, h0 (null when no gradient reaches them) and every declared weight.
   */
  forwardGrad(learner: unknown, plan: Plan) {
    const rnn = build(learner, plan.args);
    const g = plan.grad.cases[plan.grad.cases.length - 1]!;
    injectWeights(rnn, g.weights);
    const [x, h0, dH] = [toTensor(g.x) as tf.Tensor3D, toTensor(g.h0) as tf.Tensor2D, toTensor(g.dH)];
    const loss = (xs: tf.Tensor, hs: tf.Tensor) => tf.sum(tf.mul(dH, rnn.forward(xs as tf.Tensor3D, hs as tf.Tensor2D))) as tf.Scalar;
    const weights = autodiff(rnn, () => loss(x, h0));
    // One input at a time: tfjs refuses a gradient when the output does not depend on it through tfjs operations.
    const inputGrad = (f: (t: tf.Tensor) => tf.Scalar, t: tf.Tensor, what: string): NumTensor | null => {
      try {
        return fromTensor(tf.grad(f)(t), what);
      } catch (e) {
        if (!(e instanceof Error && /Cannot compute gradient/.test(e.message))) throw e;
        return null;
      }
    };
    return {
      x: inputGrad((t) => loss(t, h0), x, 'the gradient with respect to x'),
      h0: inputGrad((t) => loss(x, t), h0, 'the gradient with respect to h0'),
      weights,
    };
  },
  /** Central finite differences (L(w+ε) − L(w−ε)) / 2ε of your own forward at a few coordinates (last case). */
  finiteDiff(learner: unknown, plan: Plan) {
    const rnn = build(learner, plan.args);
    const g = plan.grad.cases[plan.grad.cases.length - 1]!;
    injectWeights(rnn, g.weights);
    const eps = plan.grad.fdEps;
    return plan.grad.fdCoords.map(([name, i]) => {
      const v = rnn.weights()[name];
      if (!(v instanceof tf.Variable)) throw new Error(`weights() has no tf.Variable named "${name}"`);
      const base = Array.from(v.dataSync());
      const at = (delta: number): number => {
        const w = base.slice();
        w[i] = w[i]! + delta;
        tf.tidy(() => v.assign(tf.tensor(w, v.shape)));
        return tf.tidy(() => lossOf(rnn, g).dataSync()[0]!);
      };
      const d = (at(eps) - at(-eps)) / (2 * eps);
      tf.tidy(() => v.assign(tf.tensor(base, v.shape)));
      return d;
    });
  },
  /** Tensors forward() and backward() leave behind (the statement asks for tf.tidy). */
  leaks(learner: unknown, plan: Plan) {
    const rnn = build(learner, plan.args);
    const g = plan.grad.cases[0]!;
    const [x, h0, dH] = [toTensor(g.x) as tf.Tensor3D, toTensor(g.h0) as tf.Tensor2D, toTensor(g.dH) as tf.Tensor3D];
    return [
      { call: 'forward(x, h0)', leaked: leakedBy(() => rnn.forward(x, h0)) },
      { call: 'backward(x, h0, dH)', leaked: leakedBy(() => rnn.backward(x, h0, dH)) },
    ];
  },
};
