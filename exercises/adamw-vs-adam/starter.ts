// One step of Adam + L2 and one step of AdamW, as pure functions on tensors.
// Read the statement for the exact formulas and argument conventions.
import * as tf from '@tensorflow/tfjs';

export interface AdamHyper {
  /** Learning rate η. */
  lr: number;
  /** Decay rate of the first moment β₁. */
  beta1: number;
  /** Decay rate of the second moment β₂. */
  beta2: number;
  /** ε added to √v̂ in the denominator. */
  epsilon: number;
  /** Weight-decay coefficient λ. */
  weightDecay: number;
}

export interface AdamSlots {
  /** First moment (same shape as w). */
  m: tf.Tensor;
  /** Second moment (same shape as w). */
  v: tf.Tensor;
}

export interface StepResult {
  w: tf.Tensor;
  m: tf.Tensor;
  v: tf.Tensor;
}

/** Adam with L2 regularisation: λ·w is added to the gradient. `step` is t = 1 on the first call. */
export function adamL2Step(w: tf.Tensor, grad: tf.Tensor, slots: AdamSlots, step: number, h: AdamHyper): StepResult {
  return tf.tidy(() => {
    // TODO: g̃ = grad + λ·w; update m and v with g̃; bias-correct; w − η·m̂/(√v̂ + ε).
    void step;
    const m = tf.add(tf.mul(slots.m, h.beta1), tf.mul(grad, 1 - h.beta1));
    return { w: tf.sub(w, tf.mul(m, h.lr)), m, v: tf.clone(slots.v) };
  });
}

/** AdamW: decoupled weight decay. `step` is t = 1 on the first call. */
export function adamWStep(w: tf.Tensor, grad: tf.Tensor, slots: AdamSlots, step: number, h: AdamHyper): StepResult {
  return tf.tidy(() => {
    // TODO: moments from the raw gradient; w − η·(m̂/(√v̂ + ε) + λ·w).
    void step;
    void grad;
    void h;
    return { w: tf.clone(w), m: tf.clone(slots.m), v: tf.clone(slots.v) };
  });
}
