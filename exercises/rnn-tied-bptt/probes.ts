// Public glue: how the grader builds, calls and differentiates your RNN. Runs inside the sandbox
// (and in the browser for visible checks). It only sees the plan: sizes, inputs and weights, never
// the seed.
import * as tf from '@tensorflow/tfjs';
import {
  attemptCall,
  autodiffUse,
  construct,
  declaredWeights,
  fromTensor,
  gradientReach,
  injectWeights,
  leakedTensors,
  tensorRecord,
  toTensor,
  variableContract,
  variableGradients,
  type AutodiffUse,
  type NumTensor,
} from '@tyinglab/grader/probe-kit';

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
    const run = (rnn: Rnn, q: Sequence) => rnn.forward(toTensor(q.x) as tf.Tensor3D, toTensor(q.h0) as tf.Tensor2D);
    return [
      attemptCall(
        a.label,
        () => {
          injectWeights(first, p.weights);
          return run(first, a);
        },
        'forward(x, h0)',
      ),
      attemptCall(
        p.other.sequence.label,
        () => {
          injectWeights(second, p.other.weights);
          return run(second, p.other.sequence);
        },
        'forward(x, h0)',
      ),
      attemptCall(b.label, () => run(first, b), 'forward(x, h0)'),
      attemptCall(
        p.updated.sequence.label,
        () => {
          injectWeights(first, p.updated.weights);
          return run(first, p.updated.sequence);
        },
        'forward(x, h0)',
      ),
    ];
  },
  /** Your hand-written backward(x, h0, dH) per case (new weights before each), and whether it used autodiff. */
  manualGrad(learner: unknown, plan: Plan) {
    const rnn = build(learner, plan.args);
    const use: AutodiffUse = { autodiff: 0, optimizer: 0, tampered: false };
    const cases = plan.grad.cases.map((g) => {
      injectWeights(rnn, g.weights);
      const run = autodiffUse(() => rnn.backward(toTensor(g.x) as tf.Tensor3D, toTensor(g.h0) as tf.Tensor2D, toTensor(g.dH) as tf.Tensor3D));
      use.autodiff += run.use.autodiff;
      use.optimizer += run.use.optimizer;
      use.tampered ||= run.use.tampered;
      return { label: g.label, grads: tensorRecord(run.result, 'backward()') };
    });
    return { use, cases };
  },
  /** tf.variableGrads of L through your own forward, per case (autodiff, for comparison only). */
  autodiffGrad(learner: unknown, plan: Plan) {
    const rnn = build(learner, plan.args);
    const cases = plan.grad.cases.map((g) => {
      injectWeights(rnn, g.weights);
      return { label: g.label, grads: autodiff(rnn, () => lossOf(rnn, g)) };
    });
    return { use: { autodiff: 0, optimizer: 0, tampered: false }, cases };
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
  /**
   * Every variable the factory and its calls create, against those weights() declares; and, with the
   * grader's weights, which declared weights the gradient of sum(dH ⊙ forward(x, h0)) reaches.
   */
  variables(learner: unknown, plan: Plan) {
    const g = plan.grad.cases[plan.grad.cases.length - 1]!;
    let reach: ReturnType<typeof gradientReach> = [];
    const contract = variableContract(
      () => build(learner, plan.args),
      (rnn) => {
        injectWeights(rnn, g.weights);
        tf.dispose(rnn.forward(toTensor(g.x) as tf.Tensor3D, toTensor(g.h0) as tf.Tensor2D));
        tf.dispose(rnn.backward(toTensor(g.x) as tf.Tensor3D, toTensor(g.h0) as tf.Tensor2D, toTensor(g.dH) as tf.Tensor3D));
        reach = gradientReach(rnn, () => lossOf(rnn, g));
      },
    );
    return { contract, reach };
  },
  /** Tensors forward() and backward() leave behind (the statement asks for tf.tidy). */
  leaks(learner: unknown, plan: Plan) {
    const rnn = build(learner, plan.args);
    const g = plan.grad.cases[0]!;
    const [x, h0, dH] = [toTensor(g.x) as tf.Tensor3D, toTensor(g.h0) as tf.Tensor2D, toTensor(g.dH) as tf.Tensor3D];
    return [
      { call: 'forward(x, h0)', leaked: leakedTensors(() => rnn.forward(x, h0)) },
      { call: 'backward(x, h0, dH)', leaked: leakedTensors(() => rnn.backward(x, h0, dH)) },
    ];
  },
};
