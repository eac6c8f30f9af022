// WRONG on purpose: a different encoder for each position i of the set (phiW1_0, phiW1_1, …), sized
// from the first set it sees. Reordering the elements changes which weights each one meets.
import * as tf from '@tensorflow/tfjs';

export function createDeepSet({ inDim, hidden, outDim }: { inDim: number; hidden: number; outDim: number }) {
  const ws: Record<string, tf.Variable> = {
    rhoW1: tf.variable(tf.randomNormal([hidden, hidden], 0, 0.5)),
    rhoB1: tf.variable(tf.zeros([hidden])),
    rhoW2: tf.variable(tf.randomNormal([hidden, outDim], 0, 0.35)),
    rhoB2: tf.variable(tf.zeros([outDim])),
  };
  const ensure = (i: number) => {
    if (ws[`phiW1_${i}`]) return;
    ws[`phiW1_${i}`] = tf.variable(tf.randomNormal([inDim, hidden], 0, 0.8));
    ws[`phiB1_${i}`] = tf.variable(tf.zeros([hidden]));
    ws[`phiW2_${i}`] = tf.variable(tf.randomNormal([hidden, hidden], 0, 0.5));
    ws[`phiB2_${i}`] = tf.variable(tf.zeros([hidden]));
  };
  const phiAt = (i: number, x: tf.Tensor2D): tf.Tensor2D => {
    ensure(i);
    const h = tf.relu(tf.add(tf.matMul(x, ws[`phiW1_${i}`]! as tf.Tensor2D), ws[`phiB1_${i}`]!));
    return tf.relu(tf.add<tf.Tensor2D>(tf.matMul(h, ws[`phiW2_${i}`]! as tf.Tensor2D), ws[`phiB2_${i}`]!));
  };
  const rho = (s: tf.Tensor2D): tf.Tensor2D => {
    const h = tf.relu(tf.add(tf.matMul(s, ws.rhoW1! as tf.Tensor2D), ws.rhoB1!));
    return tf.add(tf.matMul(h, ws.rhoW2! as tf.Tensor2D), ws.rhoB2!);
  };
  return {
    weights: () => ({ ...ws }),
    phi: (x: tf.Tensor2D) => tf.tidy(() => phiAt(0, x)),
    rho: (s: tf.Tensor2D) => tf.tidy(() => rho(s)),
    apply: (x: tf.Tensor3D): tf.Tensor2D => {
      const [b, n, d] = x.shape;
      for (let i = 0; i < n; i++) ensure(i);
      return tf.tidy(() => {
        let s: tf.Tensor2D | null = null;
        for (let i = 0; i < n; i++) {
          const e = phiAt(i, tf.reshape(tf.slice(x, [0, i, 0], [b, 1, d]), [b, d]));
          s = s ? tf.add<tf.Tensor2D>(s, e) : e;
        }
        return rho(s!);
      });
    },
  };
}
