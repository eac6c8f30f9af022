// Vanilla RNN with ONE transition matrix W_hh shared by every time step, and backpropagation
// through time written by hand. Read the statement for the exact API and weight layout.
import * as tf from '@tensorflow/tfjs';

export interface TiedRnnArgs {
  /** Features per time step (D). */
  inputSize: number;
  /** Hidden units (H). */
  hiddenSize: number;
}

export interface TiedRnn {
  /** Every trainable weight, by name: `Wxh` [D, H], `Whh` [H, H], `b` [H]. */
  weights(): Record<string, tf.Variable>;
  /** x: [N, T, D], h0: [N, H] -> all hidden states h_1..h_T as [N, T, H]. */
  forward(x: tf.Tensor3D, h0: tf.Tensor2D): tf.Tensor3D;
  /**
   * Gradients of L = sum(dH ⊙ forward(x, h0)) with respect to each weight, computed BY HAND
   * (no tf.grad): { Wxh: [D, H], Whh: [H, H], b: [H] }.
   */
  backward(x: tf.Tensor3D, h0: tf.Tensor2D, dH: tf.Tensor3D): Record<string, tf.Tensor>;
}

export function createTiedRnn({ inputSize, hiddenSize }: TiedRnnArgs): TiedRnn {
  // TODO: create Wxh, Whh and b once, here, as tf.variable with random initial values.
  void inputSize;
  return {
    weights: () => ({}),
    forward: (x, h0) =>
      tf.tidy(() => {
        // TODO: h_t = tanh(x_t Wxh + h_{t-1} Whh + b) for t = 1..T, stacked on axis 1.
        void h0;
        const [n, T] = x.shape;
        return tf.zeros([n, T, hiddenSize]) as tf.Tensor3D;
      }),
    backward: (x, h0, dH) =>
      tf.tidy(() => {
        // TODO: backpropagation through time. The gradient of the shared Whh is a SUM over steps.
        void x;
        void h0;
        void dH;
        return { Wxh: tf.zeros([inputSize, hiddenSize]), Whh: tf.zeros([hiddenSize, hiddenSize]), b: tf.zeros([hiddenSize]) };
      }),
  };
}
