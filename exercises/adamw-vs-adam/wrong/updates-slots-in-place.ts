// WRONG on purpose: besides returning them, adamL2Step writes the new moments into the slots object
// it was given (slots.m = m′, slots.v = v′), so calling it again with the same slots starts from the
// wrong moments.
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
  m: tf.Tensor;
  v: tf.Tensor;
}

export interface StepResult {
  w: tf.Tensor;
  m: tf.Tensor;
  v: tf.Tensor;
}

/** Moments and bias-corrected direction m̂ / (√v̂ + ε) for the gradient g at step t (t = 1, 2, …). */
function adamDirection(g: tf.Tensor, { m, v }: AdamSlots, t: number, h: AdamHyper): { m: tf.Tensor; v: tf.Tensor; dir: tf.Tensor } {
  const m1 = tf.add(tf.mul(m, h.beta1), tf.mul(g, 1 - h.beta1));
  const v1 = tf.add(tf.mul(v, h.beta2), tf.mul(tf.square(g), 1 - h.beta2));
  const mHat = tf.div(m1, 1 - Math.pow(h.beta1, t));
  const vHat = tf.div(v1, 1 - Math.pow(h.beta2, t));
  return { m: m1, v: v1, dir: tf.div(mHat, tf.add(tf.sqrt(vHat), h.epsilon)) };
}

export function adamL2Step(w: tf.Tensor, grad: tf.Tensor, slots: AdamSlots, step: number, h: AdamHyper): StepResult {
  return tf.tidy(() => {
    const g = tf.add(grad, tf.mul(w, h.weightDecay));
    const { m, v, dir } = adamDirection(g, slots, step, h);
    slots.m = tf.keep(m.clone());
    slots.v = tf.keep(v.clone());
    return { w: tf.sub(w, tf.mul(dir, h.lr)), m, v };
  });
}

export function adamWStep(w: tf.Tensor, grad: tf.Tensor, slots: AdamSlots, step: number, h: AdamHyper): StepResult {
  return tf.tidy(() => {
    const { m, v, dir } = adamDirection(grad, slots, step, h);
    return { w: tf.sub(w, tf.mul(tf.add(dir, tf.mul(w, h.weightDecay)), h.lr)), m, v };
  });
}
