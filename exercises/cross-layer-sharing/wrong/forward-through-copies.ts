// WRONG on purpose: layers 2…L apply a detached copy of the block (its numbers read back with
// dataSync, "one copy per layer"), so the outputs are right but only layer 1 passes gradients to the
// shared weights: an optimizer would train the block as if it were used once. gradients() is right.
import * as tf from '@tensorflow/tfjs';

export function createSharedStack({ width, depth }: { width: number; depth: number }) {
  const W = tf.variable(tf.randomNormal([width, width], 0, 0.5 / Math.sqrt(width)));
  const b = tf.variable(tf.zeros([width]));
  const block = (h: tf.Tensor2D, w: tf.Tensor, c: tf.Tensor) => tf.add(h, tf.tanh(tf.add(tf.matMul(h, w as tf.Tensor2D), c))) as tf.Tensor2D;
  const states = (x: tf.Tensor2D, detachedCopies: boolean) => {
    const hs = [x];
    for (let l = 0; l < depth; l++) {
      const copy = detachedCopies && l > 0;
      hs.push(block(hs[l]!, copy ? tf.tensor(W.dataSync(), W.shape) : W, copy ? tf.tensor(b.dataSync(), b.shape) : b));
    }
    return hs;
  };
  return {
    weights: (): Record<string, tf.Variable> => ({ W, b }),
    forward: (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => states(x, true)[depth]!),
    gradients: (x: tf.Tensor2D, dY: tf.Tensor2D) =>
      tf.tidy(() => {
        const hs = states(x, false);
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
