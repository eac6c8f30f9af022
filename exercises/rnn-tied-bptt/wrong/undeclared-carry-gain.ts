// WRONG on purpose: a learned gain on the carried state h_{t−1}, created with the RNN but never
// declared by weights(). It starts at 1, so the states and the hand-written gradients are right;
// trained with optimizer.minimize(f) it becomes a fourth, uncounted parameter of the recurrence.
import * as tf from '@tensorflow/tfjs';

export interface TiedRnnArgs {
  /** Features per time step (D). */
  inputSize: number;
  /** Hidden units (H). */
  hiddenSize: number;
}

export interface TiedRnn {
  weights(): Record<string, tf.Variable>;
  forward(x: tf.Tensor3D, h0: tf.Tensor2D): tf.Tensor3D;
  backward(x: tf.Tensor3D, h0: tf.Tensor2D, dH: tf.Tensor3D): Record<string, tf.Tensor>;
}

export function createTiedRnn({ inputSize, hiddenSize }: TiedRnnArgs): TiedRnn {
  const Wxh = tf.variable(tf.randomNormal([inputSize, hiddenSize], 0, 1 / Math.sqrt(inputSize)));
  const Whh = tf.variable(tf.randomNormal([hiddenSize, hiddenSize], 0, 1 / Math.sqrt(hiddenSize)));
  const b = tf.variable(tf.zeros([hiddenSize]));
  // A learned gain on the carried state: starts at 1, never declared.
  const carryGain = tf.variable(tf.ones([hiddenSize]));

  /** h_1..h_T as a list of [N, H] tensors (caller disposes / tidies). */
  function states(x: tf.Tensor3D, h0: tf.Tensor2D): tf.Tensor2D[] {
    const T = x.shape[1];
    const hs: tf.Tensor2D[] = [];
    let h = h0;
    for (let t = 0; t < T; t++) {
      const xt = tf.squeeze(tf.slice(x, [0, t, 0], [-1, 1, -1]), [1]) as tf.Tensor2D;
      h = tf.tanh(tf.add(tf.add(tf.matMul(xt, Wxh), tf.matMul(tf.mul(h, carryGain), Whh)), b)) as tf.Tensor2D;
      hs.push(h);
    }
    return hs;
  }

  return {
    weights: () => ({ Wxh, Whh, b }),
    forward: (x, h0) => tf.tidy(() => tf.stack(states(x, h0), 1) as tf.Tensor3D),
    backward: (x, h0, dH) =>
      tf.tidy(() => {
        const T = x.shape[1];
        const hs = states(x, h0);
        let gWxh: tf.Tensor = tf.zerosLike(Wxh);
        let gWhh: tf.Tensor = tf.zerosLike(Whh);
        let gb: tf.Tensor = tf.zerosLike(b);
        // dL/dh_t flowing back from later steps (none after the last one).
        let carry: tf.Tensor = tf.zerosLike(h0);
        for (let t = T - 1; t >= 0; t--) {
          const ht = hs[t]!;
          const hPrev = t > 0 ? hs[t - 1]! : h0;
          const xt = tf.squeeze(tf.slice(x, [0, t, 0], [-1, 1, -1]), [1]);
          const g = tf.add(tf.squeeze(tf.slice(dH, [0, t, 0], [-1, 1, -1]), [1]), carry);
          const delta = tf.mul(g, tf.sub(1, tf.square(ht))); // through tanh
          gWhh = tf.add(gWhh, tf.matMul(hPrev, delta, true, false)); // this step's share of the tie
          gWxh = tf.add(gWxh, tf.matMul(xt, delta, true, false));
          gb = tf.add(gb, tf.sum(delta, 0));
          carry = tf.matMul(delta, Whh, false, true);
        }
        return { Wxh: gWxh, Whh: gWhh, b: gb };
      }),
  };
}
