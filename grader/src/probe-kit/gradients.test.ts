// variableGradients and tensorRecord: gradients as plain JSON by weight name, checked against
// hand-worked derivatives, plus what a learner reads when what they return does not fit.
import type * as tfType from '@tensorflow/tfjs';
import { initTf } from '../tf/init-tf';
import { tensorRecord, variableGradients } from './gradients';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await initTf();
});

describe('variableGradients', () => {
  it('gives ∂L/∂w by weight name for L = sum(dY ⊙ x·W + b)', () => {
    const W = tf.variable(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]));
    const b = tf.variable(tf.tensor1d([0.5, -0.5]));
    const x = tf.tensor2d([1, 0, 2, -1, 1, 0], [2, 3]);
    const dY = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const g = variableGradients({ weights: () => ({ W, b }) }, () => tf.sum(tf.mul(dY, tf.add(tf.matMul(x, W), b))) as tfType.Scalar);
    // ∂L/∂W = xᵀ·dY, ∂L/∂b = column sums of dY.
    expect(g).toEqual({ W: { shape: [3, 2], data: [-2, -2, 3, 4, 2, 4] }, b: { shape: [2], data: [4, 6] } });
  });

  it('leaves out (or zero-fills) weights the loss does not reach and frozen ones, and lists only `names`', () => {
    const used = tf.variable(tf.scalar(2));
    const unused = tf.variable(tf.scalar(5));
    const frozen = tf.variable(tf.scalar(1), false);
    const model = { weights: () => ({ used, unused, frozen }) };
    const loss = () => tf.mul(tf.square(used), frozen) as tfType.Scalar;
    expect(variableGradients(model, loss)).toEqual({ used: { shape: [], data: [4] } });
    expect(variableGradients(model, loss, { unreached: 'zeros' })).toEqual({ used: { shape: [], data: [4] }, unused: { shape: [], data: [0] }, frozen: { shape: [], data: [0] } });
    expect(variableGradients(model, loss, { names: ['frozen', 'missing'], unreached: 'zeros' })).toEqual({ frozen: { shape: [], data: [0] } });
    // tf.variableGrads would throw without a trainable variable; nothing to differentiate is no gradient.
    expect(variableGradients({ weights: () => ({ frozen }) }, loss)).toEqual({});
  });
});

describe('tensorRecord', () => {
  it('reads an object of tensors and names the call when it is something else', () => {
    expect(tensorRecord({ W: tf.tensor1d([1, 2]) }, 'gradients()')).toEqual({ W: { shape: [2], data: [1, 2] } });
    expect(() => tensorRecord(undefined, 'gradients()')).toThrow('gradients() must return an object of tensors');
    expect(() => tensorRecord(tf.tensor1d([1]), 'backward()')).toThrow('backward() must return an object of tensors by weight name, not a single tensor');
    expect(() => tensorRecord({ W: [1, 2] }, 'gradients()')).toThrow('gradients().W must return a tf.Tensor');
  });
});
