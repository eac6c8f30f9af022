// Right, written differently from the reference: a class whose backward pass is a recursion over
// the layers (the top layer's contribution computed last), with the tanh derivative taken from the
// block's output instead of recomputing tanh, and the totals accumulated as running sums.
import * as tf from '@tensorflow/tfjs';

type LayerGrads = { W: tf.Tensor; b: tf.Tensor };

class SharedStack {
  private readonly W: tf.Variable;
  private readonly b: tf.Variable;

  constructor(width: number, private readonly depth: number) {
    this.W = tf.variable(tf.randomUniform([width, width], -0.3, 0.3));
    this.b = tf.variable(tf.randomUniform([width], -0.1, 0.1));
  }

  weights(): Record<string, tf.Variable> {
    return { W: this.W, b: this.b };
  }

  private step(h: tf.Tensor2D): { next: tf.Tensor2D; t: tf.Tensor2D } {
    const t = h.matMul(this.W).add(this.b).tanh() as tf.Tensor2D;
    return { next: h.add(t), t };
  }

  forward(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let h = x;
      for (let l = 0; l < this.depth; l++) h = this.step(h).next;
      return h;
    });
  }

  /** Layers l … depth applied to h; returns ∂ℓ/∂h and fills perLayer[l − 1 …]. */
  private back(h: tf.Tensor2D, l: number, dY: tf.Tensor2D, perLayer: LayerGrads[]): tf.Tensor2D {
    if (l > this.depth) return dY;
    const { next, t } = this.step(h);
    const g = this.back(next, l + 1, dY, perLayer);
    const delta = g.mul(tf.onesLike(t).sub(t.square())) as tf.Tensor2D;
    perLayer[l - 1] = { W: h.transpose().matMul(delta), b: delta.sum(0) };
    return g.add(delta.matMul(this.W.transpose())) as tf.Tensor2D;
  }

  gradients(x: tf.Tensor2D, dY: tf.Tensor2D): { total: LayerGrads; perLayer: LayerGrads[] } {
    return tf.tidy(() => {
      const perLayer: LayerGrads[] = new Array<LayerGrads>(this.depth);
      this.back(x, 1, dY, perLayer);
      let W: tf.Tensor = tf.zerosLike(this.W);
      let b: tf.Tensor = tf.zerosLike(this.b);
      for (const p of perLayer) {
        W = W.add(p.W);
        b = b.add(p.b);
      }
      return { total: { W, b }, perLayer };
    });
  }
}

export function createSharedStack({ width, depth }: { width: number; depth: number }) {
  return new SharedStack(width, depth);
}
