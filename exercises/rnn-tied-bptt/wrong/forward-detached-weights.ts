// WRONG on purpose: forward() computes with tensors made from the weights' current values
// (tf.tensor(w.dataSync())), not with the variables themselves. The states are right and the
// hand-written backward() is right too, but autodiff — and any optimizer — gets no gradient
// through forward(): the RNN could never be trained. The messages must blame forward(), not backward().
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
  const copy = (v: tf.Variable) => tf.tensor(v.dataSync(), v.shape);
  const step = (x: tf.Tensor3D, t: number) => tf.squeeze(tf.slice(x, [0, t, 0], [-1, 1, -1]), [1]) as tf.Tensor2D;
  function states(x: tf.Tensor3D, h0: tf.Tensor2D): tf.Tensor2D[] {
    const [wxh, whh, bb] = [copy(Wxh), copy(Whh), copy(b)];
    const hs: tf.Tensor2D[] = [];
    let h = h0;
    for (let t = 0; t < x.shape[1]; t++) {
      h = tf.tanh(tf.add(tf.add(tf.matMul(step(x, t), wxh), tf.matMul(h, whh)), bb)) as tf.Tensor2D;
      hs.push(h);
    }
    return hs;
  }
  return {
    weights: () => ({ Wxh, Whh, b }),
    forward: (x: tf.Tensor3D, h0: tf.Tensor2D): tf.Tensor3D => tf.tidy(() => tf.stack(states(x, h0), 1) as tf.Tensor3D),
    backward: (x: tf.Tensor3D, h0: tf.Tensor2D, dH: tf.Tensor3D): Record<string, tf.Tensor> =>
      tf.tidy(() => {
        const T = x.shape[1];
        const hs = states(x, h0);
        let gWxh: tf.Tensor = tf.zerosLike(Wxh);
        let gWhh: tf.Tensor = tf.zerosLike(Whh);
        let gb: tf.Tensor = tf.zerosLike(b);
        let carry: tf.Tensor = tf.zerosLike(h0);
        for (let t = T - 1; t >= 0; t--) {
          const hPrev = t > 0 ? hs[t - 1]! : h0;
          const delta = tf.mul(tf.add(step(dH, t), carry), tf.sub(1, tf.square(hs[t]!)));
          gWhh = tf.add(gWhh, tf.matMul(hPrev, delta, true, false));
          gWxh = tf.add(gWxh, tf.matMul(step(x, t), delta, true, false));
          gb = tf.add(gb, tf.sum(delta, 0));
          carry = tf.matMul(delta, Whh, false, true);
        }
        return { Wxh: gWxh, Whh: gWhh, b: gb };
      }),
  };
}
