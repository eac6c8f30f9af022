// WRONG on purpose: apply() rebuilds the elements from x.arraySync() (one row per element) before
// running φ. The output and every weight's gradient are right, but the rows are a copy of x's
// values: no gradient reaches the input sets, so nothing before the model could learn.
import * as tf from '@tensorflow/tfjs';

export interface DeepSetArgs {
  /** Features per set element (D). */
  inDim: number;
  /** Width of φ's layers, of the pooled vector and of ρ's hidden layer (H). */
  hidden: number;
  /** Outputs per set (O). */
  outDim: number;
}

export function createDeepSet({ inDim, hidden, outDim }: DeepSetArgs) {
  const he = (fanIn: number) => Math.sqrt(2 / fanIn);
  const phiW1 = tf.variable(tf.randomNormal([inDim, hidden], 0, he(inDim)));
  const phiB1 = tf.variable(tf.zeros([hidden]));
  const phiW2 = tf.variable(tf.randomNormal([hidden, hidden], 0, he(hidden)));
  const phiB2 = tf.variable(tf.zeros([hidden]));
  const rhoW1 = tf.variable(tf.randomNormal([hidden, hidden], 0, he(hidden)));
  const rhoB1 = tf.variable(tf.zeros([hidden]));
  const rhoW2 = tf.variable(tf.randomNormal([hidden, outDim], 0, 1 / Math.sqrt(hidden)));
  const rhoB2 = tf.variable(tf.zeros([outDim]));
  const weights = () => ({ phiW1, phiB1, phiW2, phiB2, rhoW1, rhoB1, rhoW2, rhoB2 });
  const dense = (x: tf.Tensor2D, w: tf.Variable, b: tf.Variable): tf.Tensor2D => tf.add(tf.matMul(x, w as tf.Tensor2D), b);
  const phi = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.relu(dense(tf.relu(dense(x, phiW1, phiB1)), phiW2, phiB2)));
  const rho = (s: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => dense(tf.relu(dense(s, rhoW1, rhoB1)), rhoW2, rhoB2));
  return {
    weights,
    phi,
    rho,
    apply: (x: tf.Tensor3D): tf.Tensor2D =>
      tf.tidy(() => {
        const [b, n] = x.shape;
        const rows = tf.tensor2d(x.arraySync().flat());
        return rho(tf.sum(tf.reshape(phi(rows), [b, n, hidden]), 1));
      }),
  };
}
