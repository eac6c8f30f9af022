// Public glue: how the grader builds, calls and differentiates your RNN. Runs inside the sandbox
// (and in the browser for visible checks). It only sees the plan: inputs and weights, never the seed.
import * as tf from '@tensorflow/tfjs';
import { construct, declaredWeights, fromTensor, injectWeights, tensorRecord, toTensor, variableGradients, type NumTensor } from '@tyinglab/grader/probe-kit';

export interface Plan {
  args: { inputSize: number; hiddenSize: number };
  /** Weight values injected by name for the reference comparisons. */
  weights: Record<string, NumTensor>;
  /** Sequences of two different lengths: x [N, T, D] and h0 [N, H]. */
  inputs: { label: string; x: NumTensor; h0: NumTensor }[];
  /** Loss L = sum(dH ⊙ forward(x, h0)); the gradient of L w.r.t. every weight is compared. */
  grad: {
    x: NumTensor;
    h0: NumTensor;
    dH: NumTensor;
    /** Coordinates [weight name, flat index] for central finite differences of your own forward. */
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

const build = (learner: unknown, plan: Plan): Rnn =>
  construct<Rnn>(learner, 'createTiedRnn', { ...plan.args }, ['weights', 'forward', 'backward']);

const forwardOf = (rnn: Rnn, x: NumTensor, h0: NumTensor): NumTensor =>
  fromTensor(rnn.forward(toTensor(x) as tf.Tensor3D, toTensor(h0) as tf.Tensor2D), 'forward(x, h0)');

/** L = sum(dH ⊙ forward(x, h0)) as a scalar tensor. */
const lossOf = (rnn: Rnn, g: Plan['grad']): tf.Scalar =>
  tf.sum(tf.mul(toTensor(g.dH), rnn.forward(toTensor(g.x) as tf.Tensor3D, toTensor(g.h0) as tf.Tensor2D)));

export const probes = {
  /** Declared weights after running sequences of two lengths. */
  declared(learner: unknown, plan: Plan) {
    const rnn = build(learner, plan);
    return plan.inputs.map(({ label, x, h0 }) => {
      forwardOf(rnn, x, h0);
      return { label, weights: declaredWeights(rnn) };
    });
  },
  /** All hidden states with the grader's weights injected. */
  injected(learner: unknown, plan: Plan) {
    const rnn = build(learner, plan);
    injectWeights(rnn, plan.weights);
    return plan.inputs.map(({ label, x, h0 }) => ({ label, h: forwardOf(rnn, x, h0) }));
  },
  /** Your hand-written backward(x, h0, dH). */
  manualGrad(learner: unknown, plan: Plan) {
    const rnn = build(learner, plan);
    injectWeights(rnn, plan.weights);
    const g = plan.grad;
    return tensorRecord(rnn.backward(toTensor(g.x) as tf.Tensor3D, toTensor(g.h0) as tf.Tensor2D, toTensor(g.dH) as tf.Tensor3D), 'backward()');
  },
  /** tf.variableGrads of L through your own forward (autodiff, for comparison only). */
  autodiffGrad(learner: unknown, plan: Plan) {
    const rnn = build(learner, plan);
    injectWeights(rnn, plan.weights);
    return variableGradients(rnn, () => lossOf(rnn, plan.grad));
  },
  /** Central finite differences (L(w+ε) − L(w−ε)) / 2ε of your own forward at a few coordinates. */
  finiteDiff(learner: unknown, plan: Plan) {
    const rnn = build(learner, plan);
    injectWeights(rnn, plan.weights);
    const eps = plan.grad.fdEps;
    return plan.grad.fdCoords.map(([name, i]) => {
      const v = rnn.weights()[name];
      if (!(v instanceof tf.Variable)) throw new Error(`weights() has no tf.Variable named "${name}"`);
      const base = Array.from(v.dataSync());
      const at = (delta: number): number => {
        const w = base.slice();
        w[i] = w[i]! + delta;
        tf.tidy(() => v.assign(tf.tensor(w, v.shape)));
        return tf.tidy(() => lossOf(rnn, plan.grad).dataSync()[0]!);
      };
      const d = (at(eps) - at(-eps)) / (2 * eps);
      tf.tidy(() => v.assign(tf.tensor(base, v.shape)));
      return d;
    });
  },
};
