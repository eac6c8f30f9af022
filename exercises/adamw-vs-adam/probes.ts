// Public glue: how the grader calls your two optimizer steps. Runs inside the sandbox (and in the
// browser for visible checks). It only sees the plan, never the grader's seed.
import * as tf from '@tensorflow/tfjs';
import { normalStream } from '@tyinglab/grader/probe-kit';

export interface Hyper {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
}

/** Weights, gradient and moments of one call, flattened row-major; `shape` is the shape of every tensor. */
export interface StepInput {
  shape: number[];
  w: number[];
  grad: number[];
  m: number[];
  v: number[];
  step: number;
  hyper: Hyper;
}

export interface Plan {
  /** One step from zero moments at t = 1 with λ = 0. */
  firstStep: { shape: number[]; w: number[]; grad: number[]; hyper: Hyper };
  /** One AdamW step from a mid-training state, with the plan's λ and with λ = 0. */
  decoupled: StepInput;
  /** Several consecutive steps from zero moments (t = 1, 2, …) with the given gradients. */
  trajectory: { shape: number[]; w0: number[]; grads: number[][]; hyper: Hyper };
  /** One call of each function, twice on the very same inputs: nothing it was given may change. */
  purity: StepInput;
  /** The sharing experiment (see `sharing` below). */
  sharing: { uses: number[]; dim: number; steps: number; noiseSeed: number; hyper: Hyper };
}

type StepFn = (w: tf.Tensor, grad: tf.Tensor, slots: { m: tf.Tensor; v: tf.Tensor }, step: number, h: Hyper) => { w: tf.Tensor; m: tf.Tensor; v: tf.Tensor };
type Learner = { adamL2Step: StepFn; adamWStep: StepFn };
type Which = 'adamL2Step' | 'adamWStep';

export const requiredExports = ['adamL2Step', 'adamWStep'];

const vec = (xs: number[], shape: number[] = [xs.length]) => tf.tensor(xs, shape);

/** The learner's tensor as numbers, refusing any other shape than w's. */
function read(t: unknown, what: string, shape: number[]): number[] {
  if (!(t instanceof tf.Tensor)) throw new Error(`${what} must be a tf.Tensor`);
  if (t.shape.join(',') !== shape.join(',')) throw new Error(`${what} has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}] (the shape of w)`);
  return Array.from(t.dataSync());
}

/** Calls the learner's step and checks the result's shape; the returned tensors are kept. */
function callStep(learner: unknown, which: Which, w: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, step: number, h: Hyper) {
  const fn = (learner as Learner)[which];
  const out = fn(w, g, { m, v }, step, { ...h });
  if (!out || !(out.w instanceof tf.Tensor) || !(out.m instanceof tf.Tensor) || !(out.v instanceof tf.Tensor)) {
    throw new Error(`${which} must return { w, m, v } as tf.Tensors`);
  }
  return out;
}

export const probes = {
  /** w after one step of each function from zero moments (t = 1, λ = 0). */
  firstStep(learner: unknown, plan: Plan) {
    const { shape, w, grad, hyper } = plan.firstStep;
    const result: Record<Which, number[]> = { adamL2Step: [], adamWStep: [] };
    for (const which of ['adamL2Step', 'adamWStep'] as const) {
      const out = callStep(learner, which, vec(w, shape), vec(grad, shape), tf.zeros(shape), tf.zeros(shape), 1, hyper);
      result[which] = read(out.w, `${which}(...).w`, shape);
    }
    return result;
  },

  /** AdamW's new w with the plan's λ and with λ = 0 (same w, gradient and moments). */
  decoupled(learner: unknown, plan: Plan) {
    const { shape, w, grad, m, v, step, hyper } = plan.decoupled;
    const run = (weightDecay: number) =>
      read(callStep(learner, 'adamWStep', vec(w, shape), vec(grad, shape), vec(m, shape), vec(v, shape), step, { ...hyper, weightDecay }).w, 'adamWStep(...).w', shape);
    return { withDecay: run(hyper.weightDecay), withoutDecay: run(0) };
  },

  /** w, m, v after every step of a short run, for each function. */
  trajectory(learner: unknown, plan: Plan) {
    const { shape, w0, grads, hyper } = plan.trajectory;
    const result = {} as Record<Which, { w: number[]; m: number[]; v: number[] }[]>;
    for (const which of ['adamL2Step', 'adamWStep'] as const) {
      let w: tf.Tensor = vec(w0, shape);
      let m: tf.Tensor = tf.zeros(shape);
      let v: tf.Tensor = tf.zeros(shape);
      result[which] = grads.map((g, i) => {
        ({ w, m, v } = callStep(learner, which, w, vec(g, shape), m, v, i + 1, hyper));
        return { w: read(w, `${which}(...).w`, shape), m: read(m, `${which}(...).m`, shape), v: read(v, `${which}(...).v`, shape) };
      });
    }
    return result;
  },

  /**
   * Each function called twice with the very same tensors and the same slots object: whether its
   * inputs survive (not disposed, same values, the slots object still holding the caller's m and
   * v), whether the second call gives the same result, and how many tensors a call leaves behind
   * besides the three it returns.
   */
  purity(learner: unknown, plan: Plan) {
    const { shape, w, grad, m, v, step, hyper } = plan.purity;
    const result = {} as Record<Which, { inputsIntact: boolean; slotsIntact: boolean; sameTwice: boolean; leaked: number }>;
    for (const which of ['adamL2Step', 'adamWStep'] as const) {
      const inputs = { w: vec(w, shape), grad: vec(grad, shape), m: vec(m, shape), v: vec(v, shape) };
      const slots = { m: inputs.m, v: inputs.v };
      const fn = (learner as Learner)[which];
      const call = () => {
        const before = tf.memory().numTensors;
        const out = fn(inputs.w, inputs.grad, slots, step, { ...hyper });
        if (!out || !(out.w instanceof tf.Tensor) || !(out.m instanceof tf.Tensor) || !(out.v instanceof tf.Tensor)) throw new Error(`${which} must return { w, m, v } as tf.Tensors`);
        const returned = new Set([out.w, out.m, out.v].filter((t) => !Object.values(inputs).includes(t))).size;
        const values = [out.w, out.m, out.v].map((t) => (t.isDisposed ? [] : Array.from(t.dataSync())));
        const leaked = tf.memory().numTensors - before - returned;
        return { values, leaked };
      };
      const first = call();
      let second: ReturnType<typeof call> = { values: [[], [], []], leaked: 0 };
      try {
        second = call();
      } catch {
        // The first call broke its own inputs (disposed them): reported as not intact below.
      }
      const intact = (t: tf.Tensor, data: number[]) => !t.isDisposed && Array.from(t.dataSync()).every((x, i) => x === Math.fround(data[i]!));
      result[which] = {
        inputsIntact: intact(inputs.w, w) && intact(inputs.grad, grad) && intact(inputs.m, m) && intact(inputs.v, v),
        slotsIntact: slots.m === inputs.m && slots.v === inputs.v,
        sameTwice: first.values.every((xs, k) => xs.length > 0 && xs.length === second.values[k]!.length && xs.every((x, i) => x === second.values[k]![i])),
        leaked: Math.max(first.leaked, second.leaked),
      };
    }
    return result;
  },

  /**
   * The sharing experiment. A vector w of `dim` weights carries no signal: the loss only adds up
   * S "uses" of w, each with its own zero-mean noise, L(w) = Σ_s Σ_i ξ_{s,i} w_i, so autodiff
   * returns the gradient Σ_s ξ_s (variance S). For each S we run `steps` steps of each optimizer
   * twice, with λ and with λ = 0, on the SAME gradients, and measure how much faster the decay run
   * shrinks w, relative to the nominal decay η·λ per step:
   *   effective decay = mean_i (w_i[λ=0] - w_i[λ]) / (steps · η · λ · w0_i).
   * Decoupled decay gives ≈ 1 for every S. Adam + L2 divides the decay by √v̂ ≈ √S.
   */
  sharing(learner: unknown, plan: Plan) {
    const { uses, dim, steps, noiseSeed, hyper } = plan.sharing;
    const maxUses = Math.max(...uses);
    const next = normalStream(noiseSeed);
    // All values of S run side by side: row j of the [uses.length, dim] weight matrix is used uses[j]
    // times. useMask[j][s] = 1 when use s exists for row j (common random numbers across S).
    const useMask = tf.tensor2d(uses.map((S) => Array.from({ length: maxUses }, (_, s) => (s < S ? 1 : 0))));
    const w0Row = Array.from({ length: dim }, (_, i) => 0.5 + ((i * 0.618034) % 1));
    const w0 = tf.tensor2d(uses.map(() => w0Row));
    const grads = Array.from({ length: steps }, () =>
      tf.tidy(() => {
        const noise = tf.tensor2d(Array.from({ length: maxUses }, () => Array.from({ length: dim }, next))); // [uses, dim]
        // L(W) = Σ_j Σ_{s < S_j} ξ_s · W_j: autodiff sums the S_j contributions of each row.
        return tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.matMul(useMask, noise), w)))(w0);
      }),
    );
    const result: Record<Which, number[]> = { adamL2Step: [], adamWStep: [] };
    for (const which of ['adamL2Step', 'adamWStep'] as const) {
      const [decayed, free] = [hyper.weightDecay, 0].map((weightDecay) => {
        let w: tf.Tensor = w0;
        let m: tf.Tensor = tf.zerosLike(w0);
        let v: tf.Tensor = tf.zerosLike(w0);
        grads.forEach((g, k) => {
          ({ w, m, v } = callStep(learner, which, w, g, m, v, k + 1, { ...hyper, weightDecay }));
        });
        return read(w, `${which}(...).w`, [uses.length, dim]);
      }) as [number[], number[]];
      result[which] = uses.map((_, j) => {
        let sum = 0;
        for (let i = 0; i < dim; i++) sum += (free[j * dim + i]! - decayed[j * dim + i]!) / (steps * hyper.lr * hyper.weightDecay * w0Row[i]!);
        return sum / dim;
      });
    }
    return result;
  },
};
