// WRONG on purpose: the stack is right, but forward(x) is not wrapped in tf.tidy: every call
// leaves the states h_1 … h_{L−1} and the block's intermediates behind in memory.
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
  weights(): Record<string, tf.Variable>;
  forward(x: tf.Tensor2D): tf.Tensor2D;
  gradients(x: tf.Tensor2D, dY: tf.Tensor2D): { total: LayerGrads; perLayer: LayerGrads[] };
}

export function createSharedStack({ width, depth }: SharedStackArgs): SharedStack {
  const W = tf.variable(tf.randomNormal([width, width], 0, 0.5 / Math.sqrt(width)));
  const b = tf.variable(tf.zeros([width]));

  const block = (h: tf.Tensor2D): tf.Tensor2D => tf.add(h, tf.tanh(tf.add(tf.matMul(h, W), b)));

  /** h_0 = x, h_1, ..., h_L. */
  function states(x: tf.Tensor2D): tf.Tensor2D[] {
    const hs = [x];
    for (let l = 0; l < depth; l++) hs.push(block(hs[l]!));
    return hs;
  }

  return {
    weights: () => ({ W, b }),
    forward: (x) => states(x)[depth]!,
    gradients: (x, dY) =>
      tf.tidy(() => {
        const hs = states(x);
        const perLayer: LayerGrads[] = new Array<LayerGrads>(depth);
        let g: tf.Tensor = dY; // ∂L/∂h_l, starting at the top
        for (let l = depth; l >= 1; l--) {
          const hIn = hs[l - 1]!;
          const t = tf.tanh(tf.add(tf.matMul(hIn, W), b));
          const delta = tf.mul(g, tf.sub(1, tf.square(t)));
          perLayer[l - 1] = { W: tf.matMul(hIn, delta, true, false), b: tf.sum(delta, 0) };
          g = tf.add(g, tf.matMul(delta, W, false, true)); // residual path + block path
        }
        // The tie: every layer's contribution lands on the same W and b.
        const total = { W: tf.addN(perLayer.map((p) => p.W)), b: tf.addN(perLayer.map((p) => p.b)) };
        return { total, perLayer };
      }),
  };
}
