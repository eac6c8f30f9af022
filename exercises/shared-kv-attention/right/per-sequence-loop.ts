// Right, written differently from the reference: a class that attends one sequence at a time with
// 2-D matrices (a slice per sequence, tf.stack at the end), transposing K explicitly.
import * as tf from '@tensorflow/tfjs';

class SharedKvStack {
  private readonly vars: Record<string, tf.Variable> = {};

  constructor(private readonly d: number, private readonly layers: number) {
    const init = () => tf.variable(tf.randomNormal([d, d], 0, 1 / Math.sqrt(d)));
    this.vars.wK = init();
    this.vars.wV = init();
    for (let l = 0; l < layers; l++) {
      this.vars[`wQ_${l}`] = init();
      this.vars[`wO_${l}`] = init();
    }
  }

  weights(): Record<string, tf.Variable> {
    return this.vars;
  }

  private layer(h: tf.Tensor2D, l: number): tf.Tensor2D {
    const q = h.matMul(this.vars[`wQ_${l}`]!);
    const k = h.matMul(this.vars.wK!);
    const v = h.matMul(this.vars.wV!);
    const scores = q.matMul(k.transpose()).div(Math.sqrt(this.d));
    return h.add(tf.softmax(scores).matMul(v).matMul(this.vars[`wO_${l}`]!)) as tf.Tensor2D;
  }

  apply(x: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => {
      const [n, t, d] = x.shape;
      const out = Array.from({ length: n }, (_, i) => {
        let h = x.slice([i, 0, 0], [1, t, d]).reshape([t, d]) as tf.Tensor2D;
        for (let l = 0; l < this.layers; l++) h = this.layer(h, l);
        return h;
      });
      return tf.stack(out) as tf.Tensor3D;
    });
  }
}

export function createSharedKvAttention({ dModel, numLayers }: { dModel: number; numLayers: number }) {
  return new SharedKvStack(dModel, numLayers);
}
