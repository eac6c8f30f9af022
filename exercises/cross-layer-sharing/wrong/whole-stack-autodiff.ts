// WRONG on purpose: the per-layer contributions are written by hand, but the total — the
// accumulation across layers the exercise asks for — comes from tf.variableGrads of the whole stack.
import * as tf from '@tensorflow/tfjs';

export function createSharedStack({ width, depth }: { width: number; depth: number }) {
  const W = tf.variable(tf.randomNormal([width, width], 0, 0.5 / Math.sqrt(width)));
  const b = tf.variable(tf.zeros([width]));
  const forward = (x: tf.Tensor2D): tf.Tensor2D =>
    tf.tidy(() => {
      let h = x;
      for (let l = 0; l < depth; l++) h = tf.add(h, tf.tanh(tf.add(tf.matMul(h, W), b)));
      return h;
    });
  return {
    weights: (): Record<string, tf.Variable> => ({ W, b }),
    forward,
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
        const { grads } = tf.variableGrads(() => tf.sum(tf.mul(dY, forward(x))), [W, b]);
        return { total: { W: grads[W.name]!, b: grads[b.name]! }, perLayer };
      }),
  };
}
