// Public glue: how the grader builds, calls and differentiates your Siamese model. Runs inside the
// sandbox (and in the browser for visible checks). It only sees the plan: sizes, inputs and
// weights, never the seed.
import * as tf from '@tensorflow/tfjs';
import {
  autodiffUse,
  construct,
  declaredWeights,
  fromTensor,
  gradientReach,
  injectWeights,
  leakedTensors,
  tensorRecord,
  variableContract,
  variableGradients,
  type AutodiffUse,
  type NumTensor,
} from '@tyinglab/grader/probe-kit';

export interface SiameseArgs {
  inputSize: number;
  hiddenSize: number;
  embedSize: number;
}

/** A batch of pairs (a, b), [N, D] each. */
export interface Pairs {
  label: string;
  a: NumTensor;
  b: NumTensor;
}

/** L = sum(dD ⊙ distance(a, b)) and sum(gE ⊙ embed(a)), with the given weights. */
export interface GradCase extends Pairs {
  weights: Record<string, NumTensor>;
  dD: NumTensor;
  gE: NumTensor;
}

export interface Plan {
  /** The model most probes build: D, H and E are drawn per run. */
  args: SiameseArgs;
  /** Pairs at two batch sizes (one a single pair), for the declared weights. */
  pairs: Pairs[];
  /**
   * The reference comparison: a second model (other sizes) alive at the same time, calls
   * interleaved, and new weights assigned to the first between two calls.
   */
  injected: {
    weights: Record<string, NumTensor>;
    pairs: Pairs[];
    other: { args: SiameseArgs; weights: Record<string, NumTensor>; pairs: Pairs };
    updated: { weights: Record<string, NumTensor>; pairs: Pairs };
  };
  /** A batch of pairs for the symmetry check (your own initial weights). */
  swap: { a: NumTensor; b: NumTensor };
  /** One model, two batches (one a single pair), new weights assigned before each. */
  grad: { cases: GradCase[] };
}

interface Model {
  weights(): Record<string, tf.Variable>;
  embed(x: tf.Tensor2D): tf.Tensor2D;
  distance(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D;
  towerBackward(x: tf.Tensor2D, gE: tf.Tensor2D): Record<string, tf.Tensor>;
  gradients(a: tf.Tensor2D, b: tf.Tensor2D, dD: tf.Tensor1D): Record<string, tf.Tensor>;
}

export const requiredExports = ['createSiamese'];

const t2 = (t: NumTensor) => tf.tensor2d(t.data, t.shape as [number, number]);
const t1 = (t: NumTensor) => tf.tensor1d(t.data);

const build = (learner: unknown, args: SiameseArgs): Model =>
  construct<Model>(learner, 'createSiamese', { ...args }, ['weights', 'embed', 'distance', 'towerBackward', 'gradients']);

/**
 * tf.variableGrads of `loss` by weight name; a weight the loss does not reach is left out (and none
 * at all when it reaches none: tfjs refuses that case, the checks name the weights instead).
 */
function autodiff(m: Model, loss: () => tf.Scalar): Record<string, NumTensor> {
  try {
    return variableGradients(m, loss);
  } catch (e) {
    if (e instanceof Error && /Cannot find a connection between any variable/.test(e.message)) return {};
    throw e;
  }
}

/** ∂ loss / ∂ t, or null when the loss does not depend on t through tfjs operations. */
function inputGradient(loss: (t: tf.Tensor) => tf.Scalar, t: tf.Tensor, what: string): NumTensor | null {
  try {
    return fromTensor(tf.grad(loss)(t), what);
  } catch (e) {
    if (!(e instanceof Error && /Cannot compute gradient/.test(e.message))) throw e;
    return null;
  }
}

/**
 * One call of a sequence: its outputs, or nulls when the learner's code threw. The error is not
 * passed on (it may carry hidden inputs); the check names the call instead.
 */
function attempt(label: string, call: () => { embedding: NumTensor; distance: NumTensor }) {
  try {
    return { label, ...call() };
  } catch {
    return { label, embedding: null, distance: null };
  }
}

const outputsOf = (m: Model, p: Pairs) => ({
  embedding: fromTensor(m.embed(t2(p.a)), 'embed(a)'),
  distance: fromTensor(m.distance(t2(p.a), t2(p.b)), 'distance(a, b)'),
});

export const probes = {
  /** Declared weights after comparing pairs at two batch sizes. */
  declared(learner: unknown, plan: Plan) {
    const m = build(learner, plan.args);
    return plan.pairs.map(({ label, a, b }) => {
      m.distance(t2(a), t2(b));
      return { label, weights: declaredWeights(m) };
    });
  },
  /**
   * embed(a) and distance(a, b) with the grader's weights: two models alive at once, calls
   * interleaved, then new weights in the first. Each call is attempted on its own.
   */
  injected(learner: unknown, plan: Plan) {
    const p = plan.injected;
    const first = build(learner, plan.args);
    const second = build(learner, p.other.args);
    const [x, y] = p.pairs as [Pairs, Pairs];
    return [
      attempt(x.label, () => {
        injectWeights(first, p.weights);
        return outputsOf(first, x);
      }),
      attempt(p.other.pairs.label, () => {
        injectWeights(second, p.other.weights);
        return outputsOf(second, p.other.pairs);
      }),
      attempt(y.label, () => outputsOf(first, y)),
      attempt(p.updated.pairs.label, () => {
        injectWeights(first, p.updated.weights);
        return outputsOf(first, p.updated.pairs);
      }),
    ];
  },
  /** distance(a, b) and distance(b, a) with your own initial weights. */
  swap(learner: unknown, plan: Plan) {
    const m = build(learner, plan.args);
    const { a, b } = plan.swap;
    return { ab: fromTensor(m.distance(t2(a), t2(b)), 'distance(a, b)'), ba: fromTensor(m.distance(t2(b), t2(a)), 'distance(b, a)') };
  },
  /** Your gradients(a, b, dD) and towerBackward(a, gE) per case, and whether they used autodiff. */
  manualGrad(learner: unknown, plan: Plan) {
    const m = build(learner, plan.args);
    const use: AutodiffUse = { autodiff: 0, optimizer: 0, tampered: false };
    const count = (u: AutodiffUse) => {
      use.autodiff += u.autodiff;
      use.optimizer += u.optimizer;
      use.tampered ||= u.tampered;
    };
    const cases = plan.grad.cases.map((g) => {
      injectWeights(m, g.weights);
      const total = autodiffUse(() => m.gradients(t2(g.a), t2(g.b), t1(g.dD)));
      const tower = autodiffUse(() => m.towerBackward(t2(g.a), t2(g.gE)));
      count(total.use);
      count(tower.use);
      return { label: g.label, total: tensorRecord(total.result, 'gradients()'), tower: tensorRecord(tower.result, 'towerBackward()') };
    });
    return { use, cases };
  },
  /** The same gradients by autodiff through your own distance() and embed(), per case. */
  autodiffGrad(learner: unknown, plan: Plan) {
    const m = build(learner, plan.args);
    const cases = plan.grad.cases.map((g) => {
      injectWeights(m, g.weights);
      return {
        label: g.label,
        total: autodiff(m, () => tf.sum(tf.mul(t1(g.dD), m.distance(t2(g.a), t2(g.b))))),
        tower: autodiff(m, () => tf.sum(tf.mul(t2(g.gE), m.embed(t2(g.a))))),
      };
    });
    return { use: { autodiff: 0, optimizer: 0, tampered: false }, cases };
  },
  /**
   * Autodiff through your distance() on the last case: L = sum(dD ⊙ distance(a, b)) with respect to
   * a and b (null when no gradient reaches them) and every declared weight.
   */
  forwardGrad(learner: unknown, plan: Plan) {
    const m = build(learner, plan.args);
    const g = plan.grad.cases[plan.grad.cases.length - 1]!;
    injectWeights(m, g.weights);
    const [a, b, dD] = [t2(g.a), t2(g.b), t1(g.dD)];
    const loss = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(dD, m.distance(x as tf.Tensor2D, y as tf.Tensor2D))) as tf.Scalar;
    return {
      a: inputGradient((t) => loss(t, b), a, 'the gradient with respect to a'),
      b: inputGradient((t) => loss(a, t), b, 'the gradient with respect to b'),
      weights: autodiff(m, () => loss(a, b)),
    };
  },
  /**
   * Every variable the factory and its calls create, against those weights() declares; and, with the
   * grader's weights, which declared weights the gradient of sum(dD ⊙ distance(a, b)) reaches.
   */
  variables(learner: unknown, plan: Plan) {
    const g = plan.grad.cases[plan.grad.cases.length - 1]!;
    let reach: ReturnType<typeof gradientReach> = [];
    const contract = variableContract(
      () => build(learner, plan.args),
      (m) => {
        injectWeights(m, g.weights);
        tf.dispose([m.embed(t2(g.a)), m.distance(t2(g.a), t2(g.b))]);
        tf.dispose(Object.values(m.gradients(t2(g.a), t2(g.b), t1(g.dD))));
        reach = gradientReach(m, () => tf.sum(tf.mul(t1(g.dD), m.distance(t2(g.a), t2(g.b)))) as tf.Scalar);
      },
    );
    return { contract, reach };
  },
  /** Tensors each method leaves behind (the statement asks for tf.tidy). */
  leaks(learner: unknown, plan: Plan) {
    const m = build(learner, plan.args);
    const g = plan.grad.cases[0]!;
    const [a, b, dD, gE] = [t2(g.a), t2(g.b), t1(g.dD), t2(g.gE)];
    return [
      { call: 'embed(x)', leaked: leakedTensors(() => m.embed(a)) },
      { call: 'distance(a, b)', leaked: leakedTensors(() => m.distance(a, b)) },
      { call: 'towerBackward(x, gE)', leaked: leakedTensors(() => m.towerBackward(a, gE)) },
      { call: 'gradients(a, b, dD)', leaked: leakedTensors(() => m.gradients(a, b, dD)) },
    ];
  },
};
