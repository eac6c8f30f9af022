// Public glue: how the grader builds, calls and differentiates your DeepSet. Runs inside the
// sandbox (and in the browser for visible checks). It only sees the plan: inputs and weights,
// never the seed.
import * as tf from '@tensorflow/tfjs';
import {
  applyTo,
  attemptCall,
  construct,
  declaredPerInput,
  gradientReach,
  fromTensor,
  injectWeights,
  leakedTensors,
  toTensor,
  variableContract,
  variableGradients,
  type NumTensor,
} from '@tyinglab/grader/probe-kit';

export interface DeepSetArgs {
  inDim: number;
  hidden: number;
  outDim: number;
}

export interface LabelledInput {
  label: string;
  x: NumTensor;
}

export interface Plan {
  /** The model most probes build: D, H and O are drawn per run. */
  args: DeepSetArgs;
  /** Weight values injected by name (gradients of the sum over elements). */
  weights: Record<string, NumTensor>;
  /** Batches of sets [B, n, inDim] of two set sizes n (one of them n = 1), for the declared weights. */
  inputs: { label: string; n: number; x: NumTensor }[];
  /**
   * The reference comparison: apply() on sets of two sizes (n = 1 among them), a second model (other
   * sizes) alive at the same time, new weights between two calls, and the exported phi() and rho()
   * on their own.
   */
  injected: {
    weights: Record<string, NumTensor>;
    sets: LabelledInput[];
    other: { args: DeepSetArgs; weights: Record<string, NumTensor>; sets: LabelledInput };
    updated: { weights: Record<string, NumTensor>; sets: LabelledInput };
    /** Rows for phi() [m, inDim] and pooled vectors for rho() [B, hidden]. */
    phi: LabelledInput;
    rho: LabelledInput;
  };
  /** A batch of sets x, px[:, i] = x[:, perm[i]] (elements reordered), an unrelated batch `other`, and public weights to use. */
  permuted: { weights: Record<string, NumTensor>; x: NumTensor; perm: number[]; px: NumTensor; other: NumTensor };
  /** L = sum(g ⊙ f(x)) with the injected weights; g has the output's shape [B, outDim]. */
  grad: { x: NumTensor; g: NumTensor };
}

interface Model {
  weights(): Record<string, tf.Variable>;
  phi(x: tf.Tensor2D): tf.Tensor2D;
  rho(s: tf.Tensor2D): tf.Tensor2D;
  apply(x: tf.Tensor3D): tf.Tensor2D;
}

export const requiredExports = ['createDeepSet'];

/** The shared encoder's weights: the ones whose gradient adds up over the set's elements. */
const PHI_WEIGHTS = ['phiW1', 'phiB1', 'phiW2', 'phiB2'];

const build = (learner: unknown, args: DeepSetArgs): Model => construct<Model>(learner, 'createDeepSet', { ...args }, ['weights', 'phi', 'rho', 'apply']);

/** Element i of every set in the batch: x[:, i, :] as [B, inDim]. */
const element = (x: tf.Tensor3D, i: number): tf.Tensor2D => {
  const [b, , d] = x.shape;
  return tf.reshape(tf.slice(x, [0, i, 0], [b, 1, d]), [b, d]);
};

/** s = Σ_i phi(x_i), built from your phi() one element at a time: [B, hidden]. */
function pooled(m: Model, x: tf.Tensor3D): tf.Tensor2D {
  let s = m.phi(element(x, 0));
  for (let i = 1; i < x.shape[1]; i++) s = tf.add(s, m.phi(element(x, i)));
  return s;
}

/**
 * tf.variableGrads of `loss` by weight name; a weight the loss does not reach is left out (and none
 * at all when it reaches none: tfjs refuses that case, the checks name the weights instead).
 */
function autodiff(m: Model, loss: () => tf.Scalar, names: string[]): Record<string, NumTensor> {
  try {
    return variableGradients(m, loss, { names });
  } catch (e) {
    if (e instanceof Error && /Cannot find a connection between any variable/.test(e.message)) return {};
    throw e;
  }
}

export const probes = {
  /** Declared weights after applying the model to sets of two sizes. */
  declared: (learner: unknown, plan: Plan) => declaredPerInput(build(learner, plan.args), plan.inputs.map(({ n, x }) => ({ label: `n = ${n}`, x }))),
  /**
   * Outputs with the grader's weights: apply() on two set sizes, a second model alive at the same
   * time (calls interleaved), new weights in the first, then phi() and rho() on their own. Each call
   * is attempted on its own, so one that throws is reported as such and the others are still compared.
   */
  injected(learner: unknown, plan: Plan) {
    const p = plan.injected;
    const first = build(learner, plan.args);
    const second = build(learner, p.other.args);
    const [a, b] = p.sets as [LabelledInput, LabelledInput];
    const t2 = (t: NumTensor) => toTensor(t) as tf.Tensor2D;
    const t3 = (t: NumTensor) => toTensor(t) as tf.Tensor3D;
    return [
      attemptCall(a.label, () => {
        injectWeights(first, p.weights);
        return first.apply(t3(a.x));
      }),
      attemptCall(p.other.sets.label, () => {
        injectWeights(second, p.other.weights);
        return second.apply(t3(p.other.sets.x));
      }),
      attemptCall(b.label, () => first.apply(t3(b.x))),
      attemptCall(p.phi.label, () => first.phi(t2(p.phi.x)), 'phi(x)'),
      attemptCall(p.rho.label, () => first.rho(t2(p.rho.x)), 'rho(s)'),
      attemptCall(p.updated.sets.label, () => {
        injectWeights(first, p.updated.weights);
        return first.apply(t3(p.updated.sets.x));
      }),
    ];
  },
  /** f(x), f(P x) and f(other) with the plan's public weights. */
  permuted(learner: unknown, plan: Plan) {
    const m = build(learner, plan.args);
    const p = plan.permuted;
    injectWeights(m, p.weights);
    return { fx: applyTo(m, p.x), fPx: applyTo(m, p.px), fOther: applyTo(m, p.other) };
  },
  /**
   * Gradients of L = sum(g ⊙ f(x)) with the grader's weights: through your apply(x) (`total`),
   * through rho(Σ_i phi(x_i)) assembled here from your phi and rho (`composed`), and each element's
   * share of φ's gradient, ∂/∂θ_φ sum(u ⊙ phi(x_i)) with u = ∂L/∂s at s = Σ_i phi(x_i) (`contributions`).
   */
  elementGrads(learner: unknown, plan: Plan) {
    const m = build(learner, plan.args);
    injectWeights(m, plan.weights);
    const names = Object.keys(plan.weights);
    const x = toTensor(plan.grad.x) as tf.Tensor3D;
    const g = toTensor(plan.grad.g);
    const loss = (y: tf.Tensor): tf.Scalar => tf.sum(tf.mul(g, y));
    const total = autodiff(m, () => loss(m.apply(x)), names);
    const composed = autodiff(m, () => loss(m.rho(pooled(m, x))), names);
    const s = tf.tidy(() => pooled(m, x));
    const u = tf.grad((t: tf.Tensor) => loss(m.rho(t as tf.Tensor2D)))(s);
    const contributions = Array.from({ length: x.shape[1] }, (_, i) => ({
      label: `element ${i}`,
      grads: autodiff(m, () => tf.sum(tf.mul(u, m.phi(element(x, i)))), PHI_WEIGHTS),
    }));
    tf.dispose([x, g, s, u]);
    return { total, composed, contributions };
  },
  /**
   * ∂/∂x and ∂/∂w of L = sum(g ⊙ apply(x)) with the grader's weights (x: null when no gradient
   * reaches it), compared with the reference's.
   */
  gradients(learner: unknown, plan: Plan) {
    const m = build(learner, plan.args);
    injectWeights(m, plan.weights);
    const x = toTensor(plan.grad.x) as tf.Tensor3D;
    const g = toTensor(plan.grad.g);
    const y = m.apply(x);
    if (!(y instanceof tf.Tensor)) throw new Error('apply(x) must return a tf.Tensor');
    const outputShape = [...y.shape];
    y.dispose();
    if (outputShape.join(',') !== plan.grad.g.shape.join(',')) return { outputShape, input: null, weights: {} };
    const loss = (xs: tf.Tensor) => tf.sum(tf.mul(g, m.apply(xs as tf.Tensor3D))) as tf.Scalar;
    let input: NumTensor | null = null;
    try {
      input = fromTensor(tf.grad(loss)(x), 'the gradient of apply(x) with respect to x');
    } catch (e) {
      // tfjs refuses a gradient when the output does not depend on x through tfjs operations.
      if (!(e instanceof Error && /Cannot compute gradient/.test(e.message))) throw e;
    }
    return { outputShape, input, weights: autodiff(m, () => loss(x), Object.keys(plan.weights)) };
  },
  /**
   * Every variable the factory and its calls create, against those weights() declares; and, with the
   * plan's public weights, which declared weights the gradient of Σ g ⊙ apply(x) reaches.
   */
  variables(learner: unknown, plan: Plan) {
    let reach: ReturnType<typeof gradientReach> = [];
    const contract = variableContract(
      () => build(learner, plan.args),
      (m) => {
        injectWeights(m, plan.permuted.weights);
        const x = toTensor(plan.grad.x) as tf.Tensor3D;
        tf.dispose([m.apply(x), m.phi(tf.reshape(x, [-1, plan.args.inDim]) as tf.Tensor2D)]);
        reach = gradientReach(m, () => tf.sum(tf.mul(m.apply(x), toTensor(plan.grad.g))) as tf.Scalar);
      },
    );
    return { contract, reach };
  },
  /** Tensors phi(), rho() and apply() leave behind (the statement asks for tf.tidy). */
  leaks(learner: unknown, plan: Plan) {
    const m = build(learner, plan.args);
    const x = toTensor(plan.grad.x) as tf.Tensor3D;
    const [b, n, d] = x.shape;
    const rows = tf.reshape(x, [b * n, d]) as tf.Tensor2D;
    const s = tf.ones([b, plan.args.hidden]) as tf.Tensor2D;
    return [
      { call: 'phi(x)', leaked: leakedTensors(() => m.phi(rows)) },
      { call: 'rho(s)', leaked: leakedTensors(() => m.rho(s)) },
      { call: 'apply(x)', leaked: leakedTensors(() => m.apply(x)) },
    ];
  },
};
