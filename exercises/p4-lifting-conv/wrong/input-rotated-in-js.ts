// WRONG on purpose: instead of rotating the kernel, rotates the IMAGE the other way in plain
// JavaScript (arraySync), correlates it with the one kernel and rotates the result back. The output
// and the weights' gradients are right, but the rotated images are copies of x's values: no gradient
// reaches x, so in a network nothing before this layer would learn.
import * as tf from '@tensorflow/tfjs';

export interface P4LiftingArgs {
  /** Channels of the input image (C_in). */
  inChannels: number;
  /** Feature maps per orientation (C_out); the output has C_out·4 channels. */
  outChannels: number;
  /** Side of the square kernel (k, odd). */
  kernelSize: number;
}

export interface P4Lifting {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor4D): tf.Tensor4D;
}

/** r·90° counter-clockwise rotation of the spatial axes of plain [N][H][W][C] arrays: out[i][j] = in[j][W−1−i]. */
function rotJs(a: number[][][][], r: number): number[][][][] {
  let out = a;
  for (let q = 0; q < r; q++) {
    const src = out;
    out = src.map((img) => img[0]!.map((_, i) => img.map((__, j) => img[j]![img[0]!.length - 1 - i]!)));
  }
  return out;
}
const rot90 = (t: tf.Tensor4D): tf.Tensor4D => tf.reverse(tf.transpose(t, [0, 2, 1, 3]), [1]);

export function createP4Lifting({ inChannels, outChannels, kernelSize: k }: P4LiftingArgs): P4Lifting {
  const kernel = tf.variable(tf.randomNormal([k, k, inChannels, outChannels], 0, Math.sqrt(2 / (k * k * inChannels))));
  const bias = tf.variable(tf.zeros([outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x) =>
      tf.tidy(() => {
        const xs = x.arraySync();
        const ys: tf.Tensor4D[] = [];
        for (let r = 0; r < 4; r++) {
          // x ⋆ rot^r K = rot^r( rot^{−r} x ⋆ K ): rotate the image back (4 − r quarter turns) ...
          let y = tf.conv2d(tf.tensor4d(rotJs(xs, (4 - r) % 4)), kernel as tf.Tensor4D, 1, 'same');
          // ... and the result forward again.
          for (let q = 0; q < r; q++) y = rot90(y);
          ys.push(tf.add(y, bias) as tf.Tensor4D);
        }
        const [n, h, w] = x.shape;
        return tf.reshape(tf.stack(ys, 4), [n, h, w, outChannels * 4]) as tf.Tensor4D;
      }),
  };
}
