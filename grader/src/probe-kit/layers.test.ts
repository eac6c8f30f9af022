// The layer probes: a layer with weights() and apply(x), run on labelled plain-JSON inputs, in the
// answer shapes paramCountCheck and matchesReferenceCheck read.
import type * as tfType from '@tensorflow/tfjs';
import { initTf } from '../tf/init-tf';
import { applyTo, declaredPerInput, injectedOutputs } from './layers';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await initTf();
});

/** y = x·w with one weight per input column; `growing` re-creates w to fit each input (a size-dependent layer). */
function scaleLayer(growing = false) {
  let w = tf.variable(tf.ones([2]));
  return {
    weights: () => ({ w }),
    apply: (x: tfType.Tensor) => {
      if (growing && w.shape[0] !== x.shape[1]) w = tf.variable(tf.ones([x.shape[1]!]));
      return tf.mul(x, w);
    },
  };
}
const inputs = [
  { label: 'two columns', x: { shape: [1, 2], data: [1, 3] } },
  { label: 'three columns', x: { shape: [1, 3], data: [1, 2, 3] } },
];

describe('layer probes', () => {
  it('applyTo calls apply() on plain JSON and names the call when it returns no tensor', () => {
    expect(applyTo({ apply: (x: tfType.Tensor) => tf.mul(x, 2) }, { shape: [1, 2], data: [1, 3] })).toEqual({ shape: [1, 2], data: [2, 6] });
    expect(() => applyTo({ apply: () => 'y' }, { shape: [1], data: [0] })).toThrow('apply(x) must return a tf.Tensor');
    expect(() => applyTo({ apply: () => null }, { shape: [1], data: [0] }, 'forward(x)')).toThrow('forward(x) must return a tf.Tensor');
  });

  it('declaredPerInput lists the weights after each input, so weights that follow the input size show', () => {
    expect(declaredPerInput(scaleLayer(true), inputs)).toEqual([
      { label: 'two columns', weights: [{ name: 'w', shape: [2] }] },
      { label: 'three columns', weights: [{ name: 'w', shape: [3] }] },
    ]);
  });

  it('injectedOutputs writes the weights first and labels each output', () => {
    expect(injectedOutputs(scaleLayer(), { w: { shape: [2], data: [2, -1] } }, inputs.slice(0, 1))).toEqual([{ label: 'two columns', y: { shape: [1, 2], data: [2, -3] } }]);
    expect(() => injectedOutputs(scaleLayer(), { w: { shape: [3], data: [1, 1, 1] } }, inputs, 'createScale: weights()')).toThrow('createScale: weights().w has shape [2], the grader needs [3]');
  });
});
