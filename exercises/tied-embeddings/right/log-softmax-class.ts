// Right, written differently from the reference: a class; logits through a one-hot matmul of the
// transposed product (Eᵀ stored nowhere, tf.matMul(E, hᵀ)ᵀ); G from exp(logSoftmax) and the
// targets' one-hot; every gradient term written as a separate named step.
import * as tf from '@tensorflow/tfjs';

class TiedLm {
  readonly vars: { E: tf.Variable; U: tf.Variable; c: tf.Variable; bOut: tf.Variable };

  constructor(private readonly V: number, D: number) {
    this.vars = {
      E: tf.variable(tf.truncatedNormal([V, D], 0, 0.5)),
      U: tf.variable(tf.truncatedNormal([D, D], 0, 0.5)),
      c: tf.variable(tf.zeros([D])),
      bOut: tf.variable(tf.zeros([V])),
    };
  }

  weights(): Record<string, tf.Variable> {
    return { ...this.vars };
  }

  private parts(tokens: tf.Tensor1D) {
    const { E, U, c, bOut } = this.vars;
    const X = tf.oneHot(tokens.toInt(), this.V).asType('float32') as tf.Tensor2D;
    const e = X.matMul(E);
    const h = e.matMul(U).add(c).tanh() as tf.Tensor2D;
    // (E hᵀ)ᵀ = h Eᵀ
    const logits = tf.matMul(E, h, false, true).transpose().add(bOut) as tf.Tensor2D;
    return { X, e, h, logits };
  }

  logits(tokens: tf.Tensor1D): tf.Tensor2D {
    return tf.tidy(() => this.parts(tokens).logits);
  }

  gradients(tokens: tf.Tensor1D, targets: tf.Tensor1D): Record<string, tf.Tensor> {
    return tf.tidy(() => {
      const { E, U } = this.vars;
      const { X, e, h, logits } = this.parts(tokens);
      const probs = tf.exp(tf.logSoftmax(logits));
      const Y = tf.oneHot(targets.toInt(), this.V).asType('float32');
      const G = probs.sub(Y).mul(1 / tokens.shape[0]) as tf.Tensor2D;
      const outputUse = tf.matMul(G, h, true, false);
      const dh = G.matMul(E);
      const delta = dh.mul(tf.onesLike(h).sub(h.mul(h))) as tf.Tensor2D;
      const de = tf.matMul(delta, U, false, true);
      const inputUse = tf.matMul(X, de, true, false);
      return { E: outputUse.add(inputUse), U: tf.matMul(e, delta, true, false), c: delta.sum(0), bOut: G.sum(0) };
    });
  }
}

export function createTiedLm({ vocabSize, embedSize }: { vocabSize: number; embedSize: number }) {
  return new TiedLm(vocabSize, embedSize);
}
