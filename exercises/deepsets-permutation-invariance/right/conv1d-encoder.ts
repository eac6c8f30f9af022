// RIGHT, written differently from the reference: φ's two dense layers are width-1 convolutions
// over the element axis (tf.conv1d with the weight matrix as a [1, in, out] kernel), so apply()
// never reshapes the set into rows; the sum over elements is a matMul with a row of ones.
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
  /** The same dense layer on every element of [B, n, in]: a width-1 convolution. */
  const perElement = (x: tf.Tensor3D, w: tf.Variable, b: tf.Variable): tf.Tensor3D => tf.add(tf.conv1d(x, tf.expandDims(w, 0) as tf.Tensor3D, 1, 'valid'), b);
  const encode = (x: tf.Tensor3D): tf.Tensor3D => tf.relu(perElement(tf.relu(perElement(x, phiW1, phiB1)), phiW2, phiB2));
  const rho = (s: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => dense(tf.relu(dense(s, rhoW1, rhoB1)), rhoW2, rhoB2));
  return {
    weights,
    phi: (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.squeeze(encode(tf.expandDims(x, 0) as tf.Tensor3D), [0]) as tf.Tensor2D),
    rho,
    apply: (x: tf.Tensor3D): tf.Tensor2D =>
      tf.tidy(() => {
        const [b, n] = x.shape;
        // [B, 1, n] × [B, n, H] -> [B, 1, H]: Σ_i φ(x_{b,i}) as a batched matMul with ones.
        const summed = tf.matMul(tf.ones([b, 1, n]), encode(x));
        return rho(tf.reshape(summed, [b, hidden]) as tf.Tensor2D);
      }),
  };
}
