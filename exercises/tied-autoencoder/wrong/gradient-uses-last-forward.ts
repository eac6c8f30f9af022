// WRONG on purpose: reconstruct() saves its code z, and gradients(x) reuses the saved z instead of
// encoding its own x ("the forward pass already computed it"). Right when gradients(x) follows
// reconstruct(x) on the same batch, wrong as soon as the last forward pass saw another batch.
import * as tf from '@tensorflow/tfjs';

export function createTiedAutoencoder({ inputSize, codeSize }: { inputSize: number; codeSize: number }) {
  const W = tf.variable(tf.randomNormal([inputSize, codeSize], 0, 1 / Math.sqrt(inputSize)));
  const b = tf.variable(tf.zeros([inputSize]));
  let lastZ: tf.Tensor2D | null = null;
  const encode = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.matMul(x, W));
  return {
    weights: (): Record<string, tf.Variable> => ({ W, b }),
    encode,
    reconstruct: (x: tf.Tensor2D): tf.Tensor2D =>
      tf.tidy(() => {
        const z = encode(x);
        if (lastZ) lastZ.dispose();
        lastZ = tf.keep(z.clone());
        return tf.add(tf.matMul(z, W, false, true), b);
      }),
    gradients: (x: tf.Tensor2D): Record<string, tf.Tensor> =>
      tf.tidy(() => {
        const z = lastZ && !lastZ.isDisposed && lastZ.shape[0] === x.shape[0] ? lastZ : encode(x);
        const G = tf.sub(tf.add(tf.matMul(z, W, false, true), b), x);
        return { W: tf.add(tf.matMul(x, tf.matMul(G, W), true, false), tf.matMul(G, z, true, false)), b: tf.sum(G, 0) };
      }),
  };
}
