// trainWithOptimizer: the optimizer loop every training probe shares, checked against SGD worked
// out by hand, plus what a learner reads when their model does not fit it.
import type * as tfType from '@tensorflow/tfjs';
import { initTf } from '../tf/init-tf';
import { trainWithOptimizer } from './training';
import type { HasWeights } from './core';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await initTf();
});

describe('trainWithOptimizer', () => {
  it('starts from init and takes plain SGD steps on every declared weight: the loss before each step, the weights after the last', () => {
    // L(w, c) = (w·x + c − y)²: ∂L/∂w = 2x·r, ∂L/∂c = 2r with r = w·x + c − y.
    const [x, y, lr] = [2, 1, 0.05];
    const w = tf.variable(tf.scalar(0));
    const c = tf.variable(tf.scalar(0));
    const model = { weights: () => ({ w, c }) };
    const got = trainWithOptimizer(model, {
      init: { w: { shape: [], data: [0.5] }, c: { shape: [], data: [-0.25] } },
      optimizer: tf.train.sgd(lr),
      steps: 3,
      loss: () => tf.square(tf.sub(tf.add(tf.mul(w, x), c), y)) as tfType.Scalar,
    });
    let [ww, cc] = [0.5, -0.25];
    const losses: number[] = [];
    for (let s = 0; s < 3; s++) {
      const r = ww * x + cc - y;
      losses.push(r * r);
      [ww, cc] = [ww - lr * 2 * x * r, cc - lr * 2 * r];
    }
    expect(got.losses.length).toBe(3);
    got.losses.forEach((l, i) => expect(l).toBeCloseTo(losses[i]!, 5));
    expect(got.weights.w!.data[0]).toBeCloseTo(ww, 5);
    expect(got.weights.c!.data[0]).toBeCloseTo(cc, 5);
  });

  it('leaves a non-trainable weight where init put it, so a frozen weight shows in the curves', () => {
    const w = tf.variable(tf.scalar(0));
    const frozen = tf.variable(tf.scalar(0), false);
    const got = trainWithOptimizer(
      { weights: () => ({ w, frozen }) },
      { init: { w: { shape: [], data: [1] }, frozen: { shape: [], data: [3] } }, optimizer: tf.train.adam(0.1), steps: 2, loss: () => tf.square(tf.add(w, frozen)) as tfType.Scalar },
    );
    expect(got.weights.frozen!.data).toEqual([3]);
    expect(got.weights.w!.data[0]).toBeLessThan(1);
  });

  it('names the weight the grader cannot use', () => {
    const w = tf.variable(tf.zeros([2]));
    const train = (model: HasWeights, what?: string) =>
      trainWithOptimizer(model, { init: { w: { shape: [3], data: [0, 0, 0] } }, optimizer: tf.train.sgd(0.1), steps: 1, loss: () => tf.sum(w) as tfType.Scalar, ...(what ? { what } : {}) });
    expect(() => train({ weights: () => ({ w }) })).toThrow('weights().w has shape [2], the grader needs [3]');
    expect(() => train({ weights: () => ({ w }) }, 'createTied(): weights()')).toThrow('createTied(): weights().w has shape [2], the grader needs [3]');
    const notVariable = { weights: () => ({ w: tf.zeros([2]) }) } as unknown as HasWeights;
    expect(() => trainWithOptimizer(notVariable, { optimizer: tf.train.sgd(0.1), steps: 1, loss: () => tf.scalar(0) })).toThrow('weights().w is not a tf.Variable');
  });
});
