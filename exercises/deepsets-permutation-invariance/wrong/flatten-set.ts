// WRONG on purpose: the set is flattened into one long vector [B, n·D] and fed to a dense layer,
// so the first weight matrix is sized by n (rebuilt whenever n changes) and each slot has its own rows.
import * as tf from '@tensorflow/tfjs';

export function createDeepSet({ inDim, hidden, outDim }: { inDim: number; hidden: number; outDim: number }) {
  const ws: Record<string, tf.Variable> = {
    phiW1: tf.variable(tf.randomNormal([inDim, hidden], 0, 0.8)),
    phiB1: tf.variable(tf.zeros([hidden])),
    phiW2: tf.variable(tf.randomNormal([hidden, hidden], 0, 0.5)),
    phiB2: tf.variable(tf.zeros([hidden])),
    rhoW1: tf.variable(tf.randomNormal([hidden, hidden], 0, 0.5)),
    rhoB1: tf.variable(tf.zeros([hidden])),
    rhoW2: tf.variable(tf.randomNormal([hidden, outDim], 0, 0.35)),
    rhoB2: tf.variable(tf.zeros([outDim])),
  };
  const dense = (x: tf.Tensor2D, w: string, b: string): tf.Tensor2D => tf.add(tf.matMul(x, ws[w]! as tf.Tensor2D), ws[b]!);
  const phi = (x: tf.Tensor2D): tf.Tensor2D => tf.relu(dense(tf.relu(dense(x, 'phiW1', 'phiB1')), 'phiW2', 'phiB2'));
  const rho = (s: tf.Tensor2D): tf.Tensor2D => dense(tf.relu(dense(s, 'rhoW1', 'rhoB1')), 'rhoW2', 'rhoB2');
  return {
    weights: () => ({ ...ws }),
    phi: (x: tf.Tensor2D) => tf.tidy(() => phi(x)),
    rho: (s: tf.Tensor2D) => tf.tidy(() => rho(s)),
    apply: (x: tf.Tensor3D): tf.Tensor2D => {
      const [b, n, d] = x.shape;
      if (ws.phiW1!.shape[0] !== n * d) {
        ws.phiW1!.dispose();
        ws.phiW1 = tf.variable(tf.randomNormal([n * d, hidden], 0, 0.8));
      }
      return tf.tidy(() => rho(phi(tf.reshape(x, [b, n * d]))));
    },
  };
}
