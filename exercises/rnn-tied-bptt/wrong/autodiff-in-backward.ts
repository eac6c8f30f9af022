// WRONG on purpose: backward() is not written by hand; it asks tfjs autodiff (tf.variableGrads) for
// the gradient of sum(dH ⊙ forward(x, h0)). The numbers are right, the exercise is not done.
import * as tf from '@tensorflow/tfjs';

export interface TiedRnnArgs {
  /** Features per time step (D). */
  inputSize: number;
  /** Hidden units (H). */
  hiddenSize: number;
}

export function createTiedRnn({ inputSize, hiddenSize }: TiedRnnArgs) {
  const Wxh = tf.variable(tf.randomNormal([inputSize, hiddenSize], 0, 1 / Math.sqrt(inputSize)));
  const Whh = tf.variable(tf.randomNormal([hiddenSize, hiddenSize], 0, 1 / Math.sqrt(hiddenSize)));
  const b = tf.variable(tf.zeros([hiddenSize]));
  const forward = (x: tf.Tensor3D, h0: tf.Tensor2D): tf.Tensor3D =>
    tf.tidy(() => {
      const hs: tf.Tensor2D[] = [];
      let h = h0;
      for (let t = 0; t < x.shape[1]; t++) {
        const xt = tf.squeeze(tf.slice(x, [0, t, 0], [-1, 1, -1]), [1]) as tf.Tensor2D;
        h = tf.tanh(tf.add(tf.add(tf.matMul(xt, Wxh), tf.matMul(h, Whh)), b)) as tf.Tensor2D;
        hs.push(h);
      }
      return tf.stack(hs, 1) as tf.Tensor3D;
    });
  return {
    weights: () => ({ Wxh, Whh, b }),
    forward,
    backward: (x: tf.Tensor3D, h0: tf.Tensor2D, dH: tf.Tensor3D): Record<string, tf.Tensor> =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(dH, forward(x, h0))), [Wxh, Whh, b]);
        value.dispose();
        return { Wxh: grads[Wxh.name]!, Whh: grads[Whh.name]!, b: grads[b.name]! };
      }),
  };
}
