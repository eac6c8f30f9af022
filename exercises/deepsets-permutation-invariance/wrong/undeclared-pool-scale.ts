// WRONG on purpose: a learned scale on the pooled vector (a "soft" mean/sum), created with the model
// but never declared by weights(). It starts at 1, so every output and gradient through weights() is
// right; trained with optimizer.minimize(f) it becomes a ninth, uncounted parameter.
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
  const poolScale = tf.variable(tf.scalar(1));
  const phi = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.relu(dense(tf.relu(dense(x, phiW1, phiB1)), phiW2, phiB2)));
  const rho = (s: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => dense(tf.relu(dense(s, rhoW1, rhoB1)), rhoW2, rhoB2));
  return {
    weights,
    phi,
    rho,
    apply: (x: tf.Tensor3D): tf.Tensor2D =>
      tf.tidy(() => {
        const [b, n, d] = x.shape;
        return rho(tf.mul(tf.sum(tf.reshape(phi(tf.reshape(x, [b * n, d])), [b, n, hidden]), 1), poolScale) as tf.Tensor2D);
      }),
  };
}
