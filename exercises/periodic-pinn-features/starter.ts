// Periodic features for a PINN: u(x) = MLP(sin(2πx/L), cos(2πx/L)) is L-periodic for ANY weights.
// Also the soft alternative: a boundary penalty. Read the statement for the exact API and names.
import * as tf from '@tensorflow/tfjs';

export interface PeriodicMlpArgs {
  /** Period L of the domain [0, L]. */
  period: number;
  /** Width H of both hidden layers. */
  hidden: number;
}

export interface PeriodicMlp {
  /** `w1` [2, H], `b1` [H], `w2` [H, H], `b2` [H], `w3` [H, 1], `b3` [1]. */
  weights(): Record<string, tf.Variable>;
  /** x: [n, 1] -> u(x): [n, 1]. */
  apply(x: tf.Tensor2D): tf.Tensor2D;
}

export function createPeriodicMlp({ period, hidden }: PeriodicMlpArgs): PeriodicMlp {
  // TODO: create the six weights once (tf.variable, random values).
  const ws: Record<string, tf.Variable> = {};
  void period;
  void hidden;
  return {
    weights: () => ws,
    apply: (x) =>
      tf.tidy(() => {
        // TODO: features [sin(2πx/L), cos(2πx/L)] -> tanh -> tanh -> linear.
        return tf.zerosLike(x);
      }),
  };
}

/** μ·[(u(0) − u(L))² + (u'(0) − u'(L))²]. */
export function boundaryPenalty(u: (x: tf.Tensor2D) => tf.Tensor2D, period: number, weight: number): tf.Scalar {
  return tf.tidy(() => {
    // TODO: evaluate u and its slope at x = 0 and x = L.
    const ends = u(tf.tensor2d([[0], [period]]));
    return tf.mul(tf.sum(ends), weight) as tf.Scalar;
  });
}
