// Cross-layer parameter sharing (ALBERT-style): ONE residual block, applied `depth` times.
// Read the statement for the exact API and weight layout the grader expects.
import * as tf from '@tensorflow/tfjs';

export interface SharedStackArgs {
  /** Width of every layer (H). */
  width: number;
  /** Number of times the shared block is applied (L). */
  depth: number;
}

// A type alias (not an interface) so that tf.tidy accepts it as a TensorContainer.
export type LayerGrads = {
  W: tf.Tensor;
  b: tf.Tensor;
};

export interface SharedStack {
  /** Every trainable weight, by name: `W` [H, H] and `b` [H] — whatever the depth. */
  weights(): Record<string, tf.Variable>;
  /** x: [N, H] -> h_L: [N, H], with h_l = h_{l-1} + tanh(h_{l-1} W + b). */
  forward(x: tf.Tensor2D): tf.Tensor2D;
  /** Gradients of the loss ℓ = sum(dY ⊙ forward(x)): the total and each layer's contribution (layer 1 first). */
  gradients(x: tf.Tensor2D, dY: tf.Tensor2D): { total: LayerGrads; perLayer: LayerGrads[] };
}

export function createSharedStack({ width, depth }: SharedStackArgs): SharedStack {
  // TODO: create W and b once, here — one block, shared by all `depth` layers.
  const zeros = (): LayerGrads => ({ W: tf.zeros([width, width]), b: tf.zeros([width]) });
  return {
    weights: () => ({}),
    // TODO: apply the shared block `depth` times.
    forward: (x) => tf.tidy(() => tf.clone(x)),
    // TODO: walk the layers backwards; add every layer's contribution to the shared weights.
    gradients: (x, dY) => {
      void x;
      void dY;
      return { total: zeros(), perLayer: Array.from({ length: depth }, zeros) };
    },
  };
}
