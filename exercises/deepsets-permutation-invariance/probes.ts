// Public glue: how the grader builds, calls and differentiates your DeepSet. Runs inside the
// sandbox (and in the browser for visible checks). It only sees the plan: inputs and weights,
// never the seed.
import * as tf from '@tensorflow/tfjs';
import { applyTo, construct, declaredPerInput, injectedOutputs, injectWeights, toTensor, variableGradients, type NumTensor } from '@tyinglab/grader/probe-kit';

export interface Plan {
  args: { inDim: number; hidden: number; outDim: number };
  /** Weight values injected by name (reference comparison and gradients). */
  weights: Record<string, NumTensor>;
  /** Batches of sets [B, n, inDim] of two set sizes n (one of them n = 1). */
  inputs: { label: string; n: number; x: NumTensor }[];
  /** A batch of sets x, px[:, i] = x[:, perm[i]] (elements reordered), and an unrelated batch `other`. */
  permuted: { x: NumTensor; perm: number[]; px: NumTensor; other: NumTensor };
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

const build = (learner: unknown, plan: Plan): Model => construct<Model>(learner, 'createDeepSet', { ...plan.args }, ['weights', 'phi', 'rho', 'apply']);

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

export const probes = {
  /** Declared weights after applying the model to sets of two sizes. */
  declared: (learner: unknown, plan: Plan) => declaredPerInput(build(learner, plan), plan.inputs.map(({ n, x }) => ({ label: `n = ${n}`, x }))),
  /** Outputs with the grader's weights injected. */
  injected: (learner: unknown, plan: Plan) => injectedOutputs(build(learner, plan), plan.weights, plan.inputs),
  /** f(x), f(P x) and f(other) with the model's own initial weights. */
  permuted(learner: unknown, plan: Plan) {
    const m = build(learner, plan);
    const p = plan.permuted;
    return { fx: applyTo(m, p.x), fPx: applyTo(m, p.px), fOther: applyTo(m, p.other) };
  },
  /**
   * Gradients of L = sum(g ⊙ f(x)) with the grader's weights: through your apply(x) (`total`),
   * through rho(Σ_i phi(x_i)) assembled here from your phi and rho (`composed`), and each element's
   * share of φ's gradient, ∂/∂θ_φ sum(u ⊙ phi(x_i)) with u = ∂L/∂s at s = Σ_i phi(x_i) (`contributions`).
   */
  elementGrads(learner: unknown, plan: Plan) {
    const m = build(learner, plan);
    injectWeights(m, plan.weights);
    const names = Object.keys(plan.weights);
    const x = toTensor(plan.grad.x) as tf.Tensor3D;
    const g = toTensor(plan.grad.g);
    const loss = (y: tf.Tensor): tf.Scalar => tf.sum(tf.mul(g, y));
    const total = variableGradients(m, () => loss(m.apply(x)), { names });
    const composed = variableGradients(m, () => loss(m.rho(pooled(m, x))), { names });
    const s = tf.tidy(() => pooled(m, x));
    const u = tf.grad((t: tf.Tensor) => loss(m.rho(t as tf.Tensor2D)))(s);
    const contributions = Array.from({ length: x.shape[1] }, (_, i) => ({
      label: `element ${i}`,
      grads: variableGradients(m, () => tf.sum(tf.mul(u, m.phi(element(x, i)))), { names: PHI_WEIGHTS }),
    }));
    tf.dispose([x, g, s, u]);
    return { total, composed, contributions };
  },
};
