// WRONG on purpose: a fresh block per layer (an ordinary deep stack, no cross-layer sharing):
// the parameter count grows with the depth.
import * as tf from '@tensorflow/tfjs';

export function createSharedStack({ width, depth }: { width: number; depth: number }) {
  const layers = Array.from({ length: depth }, () => ({ W: tf.variable(tf.randomNormal([width, width], 0, 0.2)), b: tf.variable(tf.zeros([width])) }));
  const states = (x: tf.Tensor2D): tf.Tensor2D[] => {
    const hs = [x];
    layers.forEach(({ W, b }, l) => hs.push(tf.add(hs[l]!, tf.tanh(tf.add(tf.matMul(hs[l]!, W), b)))));
    return hs;
  };
  return {
    weights: (): Record<string, tf.Variable> => {
      const ws: Record<string, tf.Variable> = {};
      layers.forEach(({ W, b }, l) => {
        ws[l === 0 ? 'W' : `W_${l}`] = W;
        ws[l === 0 ? 'b' : `b_${l}`] = b;
      });
      return ws;
    },
    forward: (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => states(x)[depth]!),
    gradients: (x: tf.Tensor2D, dY: tf.Tensor2D) =>
      tf.tidy(() => {
        const hs = states(x);
        const perLayer: { W: tf.Tensor; b: tf.Tensor }[] = new Array<{ W: tf.Tensor; b: tf.Tensor }>(depth);
        let g: tf.Tensor = dY;
        for (let l = depth; l >= 1; l--) {
          const { W, b } = layers[l - 1]!;
          const t = tf.tanh(tf.add(tf.matMul(hs[l - 1]!, W), b));
          const delta = tf.mul(g, tf.sub(1, tf.square(t)));
          perLayer[l - 1] = { W: tf.matMul(hs[l - 1]!, delta, true, false), b: tf.sum(delta, 0) };
          g = tf.add(g, tf.matMul(delta, W, false, true));
        }
        return { total: { W: tf.clone(perLayer[0]!.W), b: tf.clone(perLayer[0]!.b) }, perLayer };
      }),
  };
}
