// The contract checks end to end: a correct layer and one with each mistake, through the probe
// kit's contract probes on real tfjs, a JSON round trip and the answer schemas, to the outcome and
// the words a learner reads.
import type * as tfType from '@tensorflow/tfjs';
import { initTf } from '../tf/init-tf';
import { autodiffUse, gradientReach, shapeOf, variableContract } from '../probe-kit';
import { autodiffUseSchema, declaredVariables, exactShapes, gradientReachSchema, noAutodiff, variableContractSchema, weightsReached } from './contract-check';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await initTf();
});

/** fn inside a tfjs scope (its tensors disposed afterwards) for results that are not tensors. */
function scoped<R>(fn: () => R): R {
  tf.engine().startScope();
  try {
    return fn();
  } finally {
    tf.engine().endScope();
  }
}

const json = <T>(v: T): unknown => JSON.parse(JSON.stringify(v));

/** A tied layer y = x·W + x·W (W used twice) with one mistake or none. */
function tied(mistake?: 'untie' | 'detach' | 'copy-per-call' | 'autodiff') {
  const W = tf.variable(tf.randomNormal([3, 2]));
  const second = mistake === 'untie' ? tf.variable(W.clone()) : W;
  return {
    weights: () => ({ W }),
    apply: (x: tfType.Tensor) =>
      tf.tidy(() => {
        const a = mistake === 'detach' ? tf.tensor(W.dataSync(), W.shape) : W;
        const b = mistake === 'copy-per-call' ? tf.variable(W.clone()) : second;
        return tf.add(tf.matMul(x, a), tf.matMul(x, mistake === 'detach' ? a : b));
      }),
    gradient: (x: tfType.Tensor, dY: tfType.Tensor) =>
      mistake === 'autodiff' ? tf.grad((w: tfType.Tensor) => tf.sum(tf.mul(tf.add(tf.matMul(x, w), tf.matMul(x, w)), dY)))(W) : tf.mul(tf.matMul(x, dY, true, false), 2),
  };
}
type Tied = ReturnType<typeof tied>;

const variablesOutcome = (m?: Parameters<typeof tied>[0]) =>
  declaredVariables(variableContractSchema.parse(json(variableContract(() => tied(m), (l: Tied) => tf.dispose([l.apply(tf.ones([2, 3])), l.apply(tf.ones([1, 3]))])))));
const reachOutcome = (m?: Parameters<typeof tied>[0]) =>
  scoped(() => {
    const l = tied(m);
    const [x, g] = [tf.randomNormal([4, 3]), tf.randomNormal([4, 2])];
    return weightsReached(gradientReachSchema.parse(json(gradientReach(l, () => tf.sum(tf.mul(l.apply(x), g)) as tfType.Scalar))));
  });
const autodiffOutcome = (m?: Parameters<typeof tied>[0]) => {
  const l = tied(m);
  const { result, use } = autodiffUse(() => l.gradient(tf.ones([4, 3]), tf.ones([4, 2])));
  (result as tfType.Tensor).dispose();
  return noAutodiff(autodiffUseSchema.parse(json(use)), { what: 'gradient(x, dY)' });
};

describe('declaredVariables', () => {
  it('passes a layer whose variables are all declared', () => {
    expect(variablesOutcome()).toMatchObject({ passed: true });
    expect(variablesOutcome('detach')).toMatchObject({ passed: true }); // not its business: weightsReached
  });

  it('fails an untied copy made once, and a copy made per call, naming when and the shape', () => {
    const once = variablesOutcome('untie');
    expect(once.passed).toBe(false);
    expect(once.message).toContain('1 trainable tf.Variable created with the layer (shape [3, 2])');
    expect(once.message).toContain('optimizer.minimize()');
    const perCall = variablesOutcome('copy-per-call');
    expect(perCall.passed).toBe(false);
    expect(perCall.message).toContain('2 trainable tf.Variables created while it was called (shape [3, 2], [3, 2]), a new one per call');
  });
});

describe('weightsReached', () => {
  it('passes a layer that computes with its declared weight', () => {
    expect(reachOutcome()).toMatchObject({ passed: true });
    expect(reachOutcome('untie')).toMatchObject({ passed: true }); // one use still reaches W: declaredVariables' business
  });

  it('says that a forward pass through copies is the cause, not the gradient code', () => {
    const out = reachOutcome('detach');
    expect(out.passed).toBe(false);
    expect(out.message).toContain("No gradient reaches weights().W from your layer's output: your forward pass computes with a copy of this weight");
    expect(out.message).toContain('This is about the forward pass, not your gradient code');
  });

  it('names a frozen weight, and refuses to check nothing', () => {
    expect(weightsReached([{ name: 'b', shape: [2], trainable: false, reached: false, maxAbs: 0 }], { used: ['b'] }).message).toContain('weights().b is not trainable');
    expect(() => weightsReached([])).toThrow('no weight to check');
  });
});

describe('noAutodiff', () => {
  it('passes a gradient written by hand and fails one that asks tfjs', () => {
    expect(autodiffOutcome()).toMatchObject({ passed: true });
    const out = autodiffOutcome('autodiff');
    expect(out.passed).toBe(false);
    expect(out.message).toBe(
      'gradient(x, dY) asked TensorFlow.js for a gradient (1 time, through tf.grad, tf.grads, tf.valueAndGrad(s) or tf.variableGrads). The exercise asks you to write this gradient by hand with ordinary tensor operations: work out the derivative of each use and add them up.',
    );
    expect(noAutodiff({ autodiff: 0, optimizer: 0, tampered: true }).passed).toBe(false);
    expect(noAutodiff({ autodiff: 2, optimizer: 1, tampered: false }).message).toContain("an optimizer's minimize() or computeGradients() (1×)");
  });
});

describe('exactShapes', () => {
  it('compares rank and dimensions, not the element count', () => {
    const t = tf.zeros([1, 6]);
    expect(exactShapes([{ label: 'apply(x)', actual: shapeOf(t), expected: [1, 6] }])).toMatchObject({ passed: true });
    expect(exactShapes([{ label: 'apply(x)', actual: shapeOf(t), expected: [6] }]).message).toBe('apply(x) has shape [1, 6], expected [6] (the same number of values: reshape it).');
    expect(exactShapes([{ label: 'gradient()', actual: shapeOf([1]), expected: [2] }]).message).toBe('gradient() is not a tf.Tensor (expected shape [2]).');
    expect(() => exactShapes([])).toThrow('no case');
    t.dispose();
  });
});
