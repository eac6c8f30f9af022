// WRONG on purpose: every layer owns a variable copy of the block (not declared in weights()),
// refreshed from W and b by assign() at the start of each forward pass. Outputs and the hand-written
// gradient are right, but optimizer.minimize trains the copies, not the shared W and b.
import * as tf from '@tensorflow/tfjs';

export function createSharedStack({ width, depth }: { width: number; depth: number }) {
  const W = tf.variable(tf.randomNormal([width, width], 0, 0.5 / Math.sqrt(width)));
  const b = tf.variable(tf.zeros([width]));
  const layers = Array.from({ length: depth }, () => ({ W: tf.variable(W.clone()), b: tf.variable(b.clone()) }));
  return {
    weights: (): Record<string, tf.Variable> => ({ W, b }),
    forward: (x: tf.Tensor2D): tf.Tensor2D =>
      tf.tidy(() => {
        let h = x;
        for (const layer of layers) {
          layer.W.assign(W);
          layer.b.assign(b);
          h = tf.add(h, tf.tanh(tf.add(tf.matMul(h, layer.W), layer.b)));
        }
        return h;
      }),
    gradients: (x: tf.Tensor2D, dY: tf.Tensor2D) =>
      tf.tidy(() => {
        const hs = [x];
        for (let l = 0; l < depth; l++) hs.push(tf.add(hs[l]!, tf.tanh(tf.add(tf.matMul(hs[l]!, W), b))));
        const perLayer: { W: tf.Tensor; b: tf.Tensor }[] = new Array<{ W: tf.Tensor; b: tf.Tensor }>(depth);
        let g: tf.Tensor = dY;
        for (let l = depth; l >= 1; l--) {
          const t = tf.tanh(tf.add(tf.matMul(hs[l - 1]!, W), b));
          const delta = tf.mul(g, tf.sub(1, tf.square(t)));
          perLayer[l - 1] = { W: tf.matMul(hs[l - 1]!, delta, true, false), b: tf.sum(delta, 0) };
          g = tf.add(g, tf.matMul(delta, W, false, true));
        }
        return { total: { W: tf.addN(perLayer.map((p) => p.W)), b: tf.addN(perLayer.map((p) => p.b)) }, perLayer };
      }),
  };
}
