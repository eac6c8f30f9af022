// Right, written differently from the reference: the update is computed element by element on plain
// arrays (in float64) read from the tensors, and new tensors of w's shape are made from the results.
import * as tf from '@tensorflow/tfjs';

interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
}

function step(w: tf.Tensor, grad: tf.Tensor, slots: { m: tf.Tensor; v: tf.Tensor }, t: number, h: AdamHyper, decoupled: boolean) {
  const W = w.dataSync();
  const G = grad.dataSync();
  const M = slots.m.dataSync();
  const V = slots.v.dataSync();
  const n = W.length;
  const w2 = new Array<number>(n);
  const m2 = new Array<number>(n);
  const v2 = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const g = decoupled ? G[i]! : G[i]! + h.weightDecay * W[i]!;
    m2[i] = h.beta1 * M[i]! + (1 - h.beta1) * g;
    v2[i] = h.beta2 * V[i]! + (1 - h.beta2) * g * g;
    const mHat = m2[i]! / (1 - Math.pow(h.beta1, t));
    const vHat = v2[i]! / (1 - Math.pow(h.beta2, t));
    const adam = mHat / (Math.sqrt(vHat) + h.epsilon);
    w2[i] = W[i]! - h.lr * (adam + (decoupled ? h.weightDecay * W[i]! : 0));
  }
  return { w: tf.tensor(w2, w.shape, 'float32'), m: tf.tensor(m2, w.shape, 'float32'), v: tf.tensor(v2, w.shape, 'float32') };
}

export const adamL2Step = (w: tf.Tensor, grad: tf.Tensor, slots: { m: tf.Tensor; v: tf.Tensor }, t: number, h: AdamHyper) => step(w, grad, slots, t, h, false);
export const adamWStep = (w: tf.Tensor, grad: tf.Tensor, slots: { m: tf.Tensor; v: tf.Tensor }, t: number, h: AdamHyper) => step(w, grad, slots, t, h, true);
