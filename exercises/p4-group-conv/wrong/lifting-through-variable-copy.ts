// WRONG on purpose: the group convolution is right, but the lifting layer computes from a new
// tf.variable holding its kernel's values, made on every call. The outputs are right and every
// equivariance holds, but no gradient reaches the declared kernel, and each call leaves an
// undeclared trainable variable behind.
import * as tf from '@tensorflow/tfjs';

export interface P4LayerArgs {
  /** Input features (C_in): an image's channels for lifting; features per orientation for the group conv. */
  inChannels: number;
  /** Output features per orientation (C_out); the output has C_out·4 channels. */
  outChannels: number;
  /** Side of the square kernel (k, odd). */
  kernelSize: number;
}

export interface P4Layer {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor4D): tf.Tensor4D;
}

/** Counter-clockwise rotation by 90° of the two leading (spatial) axes: rot(A)[i, j] = A[j, k-1-i]. */
function rot90<T extends tf.Tensor>(a: T): T {
  const perm = [1, 0, ...a.shape.slice(2).map((_, d) => d + 2)];
  return tf.reverse(tf.transpose(a, perm), [0]) as T;
}

/** Adds one bias per feature to [N, H, W, C·4] (shared by the four orientations). */
function addBias(y: tf.Tensor4D, bias: tf.Variable, c: number): tf.Tensor4D {
  const [n, h, w] = y.shape;
  return tf.reshape(tf.add(tf.reshape(y, [n, h, w, c, 4]), tf.reshape(bias, [c, 1])), [n, h, w, c * 4]) as tf.Tensor4D;
}

export function createP4Lifting({ inChannels, outChannels, kernelSize: k }: P4LayerArgs): P4Layer {
  const kernel = tf.variable(tf.randomNormal([k, k, inChannels, outChannels], 0, Math.sqrt(2 / (k * k * inChannels))));
  const bias = tf.variable(tf.zeros([outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x) =>
      tf.tidy(() => {
        // A fresh variable holding the kernel's values: the copies below are built from it, not from `kernel`.
        const working = tf.variable(kernel);
        const copies: tf.Tensor4D[] = [working as tf.Tensor4D];
        for (let r = 1; r < 4; r++) copies.push(rot90(copies[r - 1]!));
        const bank = tf.reshape(tf.stack(copies, 4), [k, k, inChannels, outChannels * 4]) as tf.Tensor4D;
        return addBias(tf.conv2d(x, bank, 1, 'same'), bias, outChannels);
      }),
  };
}

export function createP4GroupConv({ inChannels, outChannels, kernelSize: k }: P4LayerArgs): P4Layer {
  // kernel[a, c, m, s, o]: weight from input feature m at orientation s to output feature o.
  const kernel = tf.variable(tf.randomNormal([k, k, inChannels, 4, outChannels], 0, Math.sqrt(2 / (k * k * inChannels * 4))));
  const bias = tf.variable(tf.zeros([outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x) =>
      tf.tidy(() => {
        const copies: tf.Tensor[] = [];
        for (let r = 0; r < 4; r++) {
          // Cyclic shift of the orientation axis: shifted[.., s, ..] = kernel[.., (s - r) mod 4, ..].
          const shifted = r === 0 ? kernel : tf.concat([tf.slice(kernel, [0, 0, 0, 4 - r, 0], [-1, -1, -1, r, -1]), tf.slice(kernel, [0, 0, 0, 0, 0], [-1, -1, -1, 4 - r, -1])], 3);
          let rotated: tf.Tensor = shifted;
          for (let q = 0; q < r; q++) rotated = rot90(rotated);
          // [k, k, C_in, 4, C_out] -> [k, k, C_in·4, C_out]: input channel m·4 + s.
          copies.push(tf.reshape(rotated, [k, k, inChannels * 4, outChannels]));
        }
        // Output channel o·4 + r, orientation fastest.
        const bank = tf.reshape(tf.stack(copies, 4), [k, k, inChannels * 4, outChannels * 4]) as tf.Tensor4D;
        return addBias(tf.conv2d(x, bank, 1, 'same'), bias, outChannels);
      }),
  };
}
