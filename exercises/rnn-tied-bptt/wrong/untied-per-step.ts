// WRONG on purpose: a separate transition matrix for every time step (an unrolled, untied
// network): the parameter count grows with the sequence length.
import * as tf from '@tensorflow/tfjs';

export function createTiedRnn({ inputSize, hiddenSize }: { inputSize: number; hiddenSize: number }) {
  const Wxh = tf.variable(tf.randomNormal([inputSize, hiddenSize], 0, 0.5));
  const b = tf.variable(tf.zeros([hiddenSize]));
  const perStep: tf.Variable[] = [];
  const whh = (t: number): tf.Variable => {
    while (perStep.length <= t) perStep.push(tf.variable(tf.randomNormal([hiddenSize, hiddenSize], 0, 0.4)));
    return perStep[t]!;
  };
  const states = (x: tf.Tensor3D, h0: tf.Tensor2D): tf.Tensor2D[] => {
    const hs: tf.Tensor2D[] = [];
    let h = h0;
    for (let t = 0; t < x.shape[1]; t++) {
      const xt = tf.squeeze(tf.slice(x, [0, t, 0], [-1, 1, -1]), [1]) as tf.Tensor2D;
      h = tf.tanh(tf.add(tf.add(tf.matMul(xt, Wxh), tf.matMul(h, whh(t))), b)) as tf.Tensor2D;
      hs.push(h);
    }
    return hs;
  };
  return {
    weights: (): Record<string, tf.Variable> => {
      const ws: Record<string, tf.Variable> = { Wxh, b };
      perStep.forEach((w, t) => (ws[t === 0 ? 'Whh' : `Whh_${t}`] = w));
      return ws;
    },
    forward: (x: tf.Tensor3D, h0: tf.Tensor2D): tf.Tensor3D => tf.tidy(() => tf.stack(states(x, h0), 1) as tf.Tensor3D),
    backward: (x: tf.Tensor3D, h0: tf.Tensor2D, dH: tf.Tensor3D): Record<string, tf.Tensor> =>
      tf.tidy(() => {
        const hs = states(x, h0);
        let gWxh: tf.Tensor = tf.zerosLike(Wxh);
        let gb: tf.Tensor = tf.zerosLike(b);
        const gWhh: tf.Tensor[] = [];
        let carry: tf.Tensor = tf.zerosLike(h0);
        for (let t = x.shape[1] - 1; t >= 0; t--) {
          const hPrev = t > 0 ? hs[t - 1]! : h0;
          const xt = tf.squeeze(tf.slice(x, [0, t, 0], [-1, 1, -1]), [1]);
          const g = tf.add(tf.squeeze(tf.slice(dH, [0, t, 0], [-1, 1, -1]), [1]), carry);
          const delta = tf.mul(g, tf.sub(1, tf.square(hs[t]!)));
          gWhh[t] = tf.matMul(hPrev, delta, true, false);
          gWxh = tf.add(gWxh, tf.matMul(xt, delta, true, false));
          gb = tf.add(gb, tf.sum(delta, 0));
          carry = tf.matMul(delta, whh(t), false, true);
        }
        const out: Record<string, tf.Tensor> = { Wxh: gWxh, b: gb };
        gWhh.forEach((g, t) => (out[t === 0 ? 'Whh' : `Whh_${t}`] = g));
        return out;
      }),
  };
}
