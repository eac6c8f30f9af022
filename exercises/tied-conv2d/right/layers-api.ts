// RIGHT, written differently from the reference: the Layers API. A tf.layers.conv2d with 'same'
// padding is built once for the input channels, and its two variables are exposed through
// weights() (LayerVariable.read() is the underlying tf.Variable, so the grader's assign() and an
// optimizer act on the very weights the layer computes with).
import * as tf from '@tensorflow/tfjs';

export function createTiedConv2d({ inChannels, outChannels, kernelSize }: { inChannels: number; outChannels: number; kernelSize: number }) {
  const layer = tf.layers.conv2d({ filters: outChannels, kernelSize, padding: 'same', useBias: true, kernelInitializer: 'heNormal' });
  layer.build([null, null, null, inChannels]);
  const [kernel, bias] = layer.weights.map((w) => w.read() as tf.Variable) as [tf.Variable, tf.Variable];
  return {
    weights: () => ({ kernel, bias }),
    apply: (x: tf.Tensor4D): tf.Tensor4D => tf.tidy(() => layer.apply(x) as tf.Tensor4D),
  };
}
