// Right, written differently from the reference: inside one application of the block the local
// derivatives come from tf.grads (allowed by the statement); the accumulation across the L layers,
// and the chain through the residual path, are written by hand.
import * as tf from '@tensorflow/tfjs';

export function createSharedStack({ width, depth }: { width: number; depth: number }) {
  const W = tf.variable(tf.randomNormal([width, width], 0, 0.3));
  const b = tf.variable(tf.zeros([width]));
  // One block, as a function of its input and of the shared weights.
  const block = (h: tf.Tensor, w: tf.Tensor, c: tf.Tensor) => tf.add(h, tf.tanh(tf.add(tf.matMul(h as tf.Tensor2D, w as tf.Tensor2D), c)));
  return {
    weights: () => ({ W, b }),
    forward(x: tf.Tensor2D): tf.Tensor2D {
      return tf.tidy(() => {
        let h: tf.Tensor = x;
        for (let l = 0; l < depth; l++) h = block(h, W, b);
        return h as tf.Tensor2D;
      });
    },
    gradients(x: tf.Tensor2D, dY: tf.Tensor2D) {
      return tf.tidy(() => {
        const inputs: tf.Tensor[] = [];
        let h: tf.Tensor = x;
        for (let l = 0; l < depth; l++) {
          inputs.push(h);
          h = block(h, W, b);
        }
        const perLayer: { W: tf.Tensor; b: tf.Tensor }[] = [];
        let g: tf.Tensor = dY;
        for (let l = depth - 1; l >= 0; l--) {
          // Vector–Jacobian product of ONE block: ∂/∂(h, W, b) of sum(g ⊙ block(h, W, b)).
          const [dh, dW, db] = tf.grads((hh: tf.Tensor, ww: tf.Tensor, cc: tf.Tensor) => block(hh, ww, cc))([inputs[l]!, W, b], g);
          perLayer.unshift({ W: dW!, b: db! });
          g = dh!;
        }
        return { total: { W: tf.addN(perLayer.map((p) => p.W)), b: tf.addN(perLayer.map((p) => p.b)) }, perLayer };
      });
    },
  };
}
