// Right, written differently from the reference: a class, an explicit tf.transpose, and W's
// gradient in the factored form (xᵀG + Gᵀx) W, which equals xᵀ(G W) + Gᵀ(x W).
import * as tf from '@tensorflow/tfjs';

class TiedAutoencoder {
  private readonly W: tf.Variable;
  private readonly b: tf.Variable;

  constructor(inputSize: number, codeSize: number) {
    this.W = tf.variable(tf.truncatedNormal([inputSize, codeSize], 0, 0.3));
    this.b = tf.variable(tf.zeros([inputSize]));
  }

  weights(): Record<string, tf.Variable> {
    return { W: this.W, b: this.b };
  }

  encode(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => x.matMul(this.W) as tf.Tensor2D);
  }

  reconstruct(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.encode(x).matMul(tf.transpose(this.W)).add(this.b));
  }

  gradients(x: tf.Tensor2D): Record<string, tf.Tensor> {
    return tf.tidy(() => {
      const G = this.reconstruct(x).sub(x);
      const xtG = tf.matMul(x, G, true, false); // [D, D]
      return { W: xtG.add(xtG.transpose()).matMul(this.W), b: tf.ones([1, x.shape[0]]).matMul(G).reshape([-1]) };
    });
  }
}

export function createTiedAutoencoder({ inputSize, codeSize }: { inputSize: number; codeSize: number }) {
  return new TiedAutoencoder(inputSize, codeSize);
}
