// WRONG on purpose: the rotated copies are computed in plain JavaScript from arraySync() and
// turned back into tensors. The output is right, but only the unrotated copy is on the gradient
// tape, so the kernel's gradient misses three of its four uses.
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

/** Counter-clockwise rotation by 90° of the two spatial axes: rot(A)[i, j] = A[j, k-1-i]. */
export function createP4Lifting({ inChannels, outChannels, kernelSize: k }: P4LiftingArgs): P4Lifting {
  const kernel = tf.variable(tf.randomNormal([k, k, inChannels, outChannels], 0, Math.sqrt(2 / (k * k * inChannels))));
  const bias = tf.variable(tf.zeros([outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x) =>
      tf.tidy(() => {
        const rotated: tf.Tensor4D[] = [kernel as tf.Tensor4D];
        for (let r = 1; r < 4; r++) {
          const a = rotated[r - 1]!.arraySync();
          // rot(A)[i][j] = A[j][k-1-i]
          rotated.push(tf.tensor4d(a.map((_, i) => a.map((_, j) => a[j]![k - 1 - i]!))));
        }
        // [k, k, C_in, C_out, 4] -> [k, k, C_in, C_out·4]: channel f·4 + r, orientation fastest.
        const bank = tf.reshape(tf.stack(rotated, 4), [k, k, inChannels, outChannels * 4]) as tf.Tensor4D;
        const [n, h, w] = x.shape;
        const y = tf.reshape(tf.conv2d(x, bank, 1, 'same'), [n, h, w, outChannels, 4]);
        // One bias per feature, shared by its four orientations.
        return tf.reshape(tf.add(y, tf.reshape(bias, [outChannels, 1])), [n, h, w, outChannels * 4]) as tf.Tensor4D;
      }),
  };
}
