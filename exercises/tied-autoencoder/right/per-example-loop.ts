// Right, written differently from the reference: the gradient is accumulated example by example
// (row by row of the batch, with outer products), and the forward pass multiplies by W and Wᵀ with
// broadcasting and sums instead of matMul.
import * as tf from '@tensorflow/tfjs';

export function createTiedAutoencoder(args: { inputSize: number; codeSize: number }) {
  const D = args.inputSize;
  const K = args.codeSize;
  const W = tf.variable(tf.randomUniform([D, K], -1 / Math.sqrt(D), 1 / Math.sqrt(D)), true, undefined, 'float32');
  const b = tf.variable(tf.zeros([D]));
  // z[n, k] = Σ_d x[n, d] W[d, k]
  const encode = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.sum(tf.mul(x.expandDims(2), W.expandDims(0)), 1) as tf.Tensor2D);
  // x̂[n, d] = Σ_k z[n, k] W[d, k] + b[d]: the same W, read along its rows
  const reconstruct = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.add(tf.sum(tf.mul(encode(x).expandDims(1), W.expandDims(0)), 2), b) as tf.Tensor2D);
  return {
    weights: () => ({ W, b }),
    encode,
    reconstruct,
    gradients(x: tf.Tensor2D): Record<string, tf.Tensor> {
      return tf.tidy(() => {
        let gW: tf.Tensor = tf.zeros([D, K]);
        let gb: tf.Tensor = tf.zeros([D]);
        for (let n = 0; n < x.shape[0]; n++) {
          const xn = x.slice([n, 0], [1, D]); // [1, D]
          const zn = xn.matMul(W); // [1, K]
          const gn = zn.matMul(W, false, true).add(b).sub(xn); // [1, D]
          // decoder use: gₙᵀ zₙ ; encoder use: xₙᵀ (gₙ W)
          gW = gW.add(gn.transpose().matMul(zn)).add(xn.transpose().matMul(gn.matMul(W)));
          gb = gb.add(gn.reshape([D]));
        }
        return { W: gW, b: gb };
      });
    },
  };
}
