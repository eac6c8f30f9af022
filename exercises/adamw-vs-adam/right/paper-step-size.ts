// Right, written differently from the reference: the bias correction is folded into the step size,
// as in the Adam paper's efficient form: w − α_t · m / (√v + ε̂) with α_t = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ)
// and ε̂ = ε·√(1 − β₂ᵗ), which equals η · m̂ / (√v̂ + ε) exactly.
import * as tf from '@tensorflow/tfjs';

export interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
}

type Slots = { m: tf.Tensor; v: tf.Tensor };
type Result = { w: tf.Tensor; m: tf.Tensor; v: tf.Tensor };

function adamUpdate(g: tf.Tensor, slots: Slots, t: number, h: AdamHyper): { m: tf.Tensor; v: tf.Tensor; update: tf.Tensor } {
  const m = slots.m.mul(h.beta1).add(g.mul(1 - h.beta1));
  const v = slots.v.mul(h.beta2).add(g.square().mul(1 - h.beta2));
  const c2 = Math.sqrt(1 - h.beta2 ** t);
  const alpha = (h.lr * c2) / (1 - h.beta1 ** t);
  return { m, v, update: m.div(v.sqrt().add(h.epsilon * c2)).mul(alpha) };
}

export function adamL2Step(w: tf.Tensor, grad: tf.Tensor, slots: Slots, step: number, h: AdamHyper): Result {
  return tf.tidy(() => {
    const { m, v, update } = adamUpdate(grad.add(w.mul(h.weightDecay)), slots, step, h);
    return { w: w.sub(update), m, v };
  });
}

export function adamWStep(w: tf.Tensor, grad: tf.Tensor, slots: Slots, step: number, h: AdamHyper): Result {
  return tf.tidy(() => {
    const { m, v, update } = adamUpdate(grad, slots, step, h);
    // Decoupled: shrink w by (1 − η·λ), then take the Adam step.
    return { w: w.mul(1 - h.lr * h.weightDecay).sub(update), m, v };
  });
}
