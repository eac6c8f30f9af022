// WRONG on purpose: the raw coordinate x is fed to the network (w1 is [1, H]). Nothing forces
// u(0) = u(L): periodicity would have to be learned, and it never holds exactly.
import * as tf from '@tensorflow/tfjs';

export interface PeriodicMlpArgs {
  /** Period L of the domain [0, L]. */
  period: number;
  /** Width H of both hidden layers. */
  hidden: number;
}

export interface PeriodicMlp {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor2D): tf.Tensor2D;
}

export function createPeriodicMlp({ hidden: h }: PeriodicMlpArgs): PeriodicMlp {
  const glorot = (fanIn: number, fanOut: number) => tf.variable(tf.randomNormal([fanIn, fanOut], 0, Math.sqrt(2 / (fanIn + fanOut))));
  const ws: Record<string, tf.Variable> = {
    w1: glorot(1, h),
    b1: tf.variable(tf.zeros([h])),
    w2: glorot(h, h),
    b2: tf.variable(tf.zeros([h])),
    w3: glorot(h, 1),
    b3: tf.variable(tf.zeros([1])),
  };
  const dense = (x: tf.Tensor2D, w: string, b: string) => tf.add(tf.matMul(x, ws[w] as tf.Tensor2D), ws[b]!) as tf.Tensor2D;
  return {
    weights: () => ws,
    apply: (x) =>
      tf.tidy(() => {
        const features = x;
        const h1 = tf.tanh(dense(features, 'w1', 'b1'));
        const h2 = tf.tanh(dense(h1, 'w2', 'b2'));
        return dense(h2, 'w3', 'b3');
      }),
  };
}

/** μ·[(u(0) − u(L))² + (u'(0) − u'(L))²] for a function u mapping [n, 1] to [n, 1]. */
export function boundaryPenalty(u: (x: tf.Tensor2D) => tf.Tensor2D, period: number, weight: number): tf.Scalar {
  return tf.tidy(() => {
    const ends = tf.tensor2d([[0], [period]]);
    const values = u(ends);
    const slopes = tf.grad((x: tf.Tensor) => tf.sum(u(x as tf.Tensor2D)))(ends);
    const gap = (t: tf.Tensor) => tf.sub(tf.slice(t, [0, 0], [1, 1]), tf.slice(t, [1, 0], [1, 1]));
    return tf.mul(tf.add(tf.square(gap(values)), tf.square(gap(slopes))), weight).reshape([]) as tf.Scalar;
  });
}
