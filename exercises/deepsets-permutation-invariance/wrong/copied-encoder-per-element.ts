// WRONG on purpose: apply() gives each element its own tf.variable copy of φ's weights, made from
// the shared ones. The outputs are right, but the gradient flows into the copies, never into phiW1…phiB2.
import * as tf from '@tensorflow/tfjs';

export function createDeepSet({ inDim, hidden, outDim }: { inDim: number; hidden: number; outDim: number }) {
  const phiW1 = tf.variable(tf.randomNormal([inDim, hidden], 0, 0.8));
  const phiB1 = tf.variable(tf.zeros([hidden]));
  const phiW2 = tf.variable(tf.randomNormal([hidden, hidden], 0, 0.5));
  const phiB2 = tf.variable(tf.zeros([hidden]));
  const rhoW1 = tf.variable(tf.randomNormal([hidden, hidden], 0, 0.5));
  const rhoB1 = tf.variable(tf.zeros([hidden]));
  const rhoW2 = tf.variable(tf.randomNormal([hidden, outDim], 0, 0.35));
  const rhoB2 = tf.variable(tf.zeros([outDim]));
  const dense = (x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor): tf.Tensor2D => tf.add(tf.matMul(x, w as tf.Tensor2D), b);
  const phi = (x: tf.Tensor2D): tf.Tensor2D => tf.relu(dense(tf.relu(dense(x, phiW1, phiB1)), phiW2, phiB2));
  const rho = (s: tf.Tensor2D): tf.Tensor2D => dense(tf.relu(dense(s, rhoW1, rhoB1)), rhoW2, rhoB2);
  return {
    weights: () => ({ phiW1, phiB1, phiW2, phiB2, rhoW1, rhoB1, rhoW2, rhoB2 }),
    phi: (x: tf.Tensor2D) => tf.tidy(() => phi(x)),
    rho: (s: tf.Tensor2D) => tf.tidy(() => rho(s)),
    apply: (x: tf.Tensor3D): tf.Tensor2D => {
      const [b, n, d] = x.shape;
      const copies = Array.from({ length: n }, () => [phiW1, phiB1, phiW2, phiB2].map((w) => tf.variable(w)));
      const out = tf.tidy(() => {
        let s: tf.Tensor2D | null = null;
        for (let i = 0; i < n; i++) {
          const [w1, b1, w2, b2] = copies[i]!;
          const xi = tf.reshape(tf.slice(x, [0, i, 0], [b, 1, d]), [b, d]) as tf.Tensor2D;
          const e = tf.relu(dense(tf.relu(dense(xi, w1!, b1!)), w2!, b2!));
          s = s ? tf.add<tf.Tensor2D>(s, e) : e;
        }
        return rho(s!);
      });
      // Not disposed: a gradient tape recording this call still refers to them after apply() returns.
      return out;
    },
  };
}
