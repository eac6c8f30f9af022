// The probe kit's error messages are what a learner reads when their object does not fit the API.
import { initTf } from '../tf/init-tf';
import { construct, declaredWeights, fromTensor, injectWeights, weightValues, type HasWeights } from '.';

let tf: Awaited<ReturnType<typeof initTf>>;
beforeAll(async () => {
  tf = await initTf();
});

// Deliberately loose: the kit must cope with whatever a learner's weights() returns.
const layerWith = (weights: Record<string, unknown>) => ({ weights: () => weights, apply: (x: unknown) => x }) as unknown as HasWeights;

describe('probe kit', () => {
  it('construct names the factory and the methods it must return', () => {
    expect(() => construct({}, 'createLayer', {}, ['weights', 'apply'])).toThrow('your module must export a function named `createLayer`');
    expect(() => construct({ createLayer: () => ({ weights: () => ({}) }) }, 'createLayer', {}, ['weights', 'apply'])).toThrow(
      'createLayer must return an object with weights(), apply(); yours has no apply()',
    );
    expect(() => construct({ createLayer: () => undefined }, 'createLayer', {}, ['weights'])).toThrow('createLayer must return an object with weights(); it returned undefined');
    const made = construct<{ weights(): object }>({ createLayer: (a: { n: number }) => layerWith({ n: a.n }) }, 'createLayer', { n: 3 }, ['weights']);
    expect(made.weights()).toEqual({ n: 3 });
  });

  it('declares, injects and reads back weights by name, refusing wrong shapes and non-variables', () => {
    const kernel = tf.variable(tf.zeros([2, 3]));
    const layer = layerWith({ kernel });
    expect(declaredWeights(layer)).toEqual([{ name: 'kernel', shape: [2, 3] }]);
    injectWeights(layer, { kernel: { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] } });
    expect(weightValues(layer)).toEqual({ kernel: { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] } });
    expect(() => injectWeights(layer, { kernel: { shape: [3, 2], data: [1, 2, 3, 4, 5, 6] } })).toThrow('weights().kernel has shape [2, 3], the grader needs [3, 2]');
    expect(() => injectWeights(layer, { bias: { shape: [3], data: [0, 0, 0] } })).toThrow('weights() has no tf.Variable named "bias"');
    expect(() => declaredWeights(layerWith({ kernel: tf.zeros([2]) }))).toThrow('weights().kernel is not a tf.Variable');
    expect(() => declaredWeights({ weights: () => null as never })).toThrow('weights() must return an object of tf.Variable');
    expect(() => fromTensor([1, 2], 'apply(x)')).toThrow('apply(x) must return a tf.Tensor');
    kernel.dispose();
  });
});
