// Reference solution (checker zone only): one shared k×k kernel bank slid over the image.
import * as tf from '@tensorflow/tfjs';

export interface TiedConv2dArgs {
  /** Channels of the input image (C_in). */
  inChannels: number;
  /** Number of output feature maps (C_out). */
  outChannels: number;
  /** Side of the square kernel (k). */
  kernelSize: number;
}

export interface TiedConv2d {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor4D): tf.Tensor4D;
}

export function createTiedConv2d({ inChannels, outChannels, kernelSize }: TiedConv2dArgs): TiedConv2d {
  const fanIn = kernelSize * kernelSize * inChannels;
  const kernel = tf.variable(tf.randomNormal([kernelSize, kernelSize, inChannels, outChannels], 0, Math.sqrt(2 / fanIn)));
  const bias = tf.variable(tf.zeros([outChannels]));
  return {
    weights: () => ({ kernel, bias }),
    apply: (x) => tf.tidy(() => tf.add(tf.conv2d(x, kernel as tf.Tensor4D, 1, 'same'), bias)),
  };
}
