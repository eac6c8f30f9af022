// The contract probes on a correct dense layer and on the mistakes each one exists for: an
// undeclared trainable variable, a forward pass through detached copies, a "hand-written" gradient
// that asks autodiff, a leaking call. Run on wasm, as grading does.
import type * as tfType from '@tensorflow/tfjs';
import { initTf } from '../tf/init-tf';
import { attemptCall, autodiffUse, callSequence, gradientReach, leakedTensors, shapeOf, variableContract, type SequenceStep } from './contract';

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

type Mistake = 'extra-variable' | 'copy-per-call' | 'disposed-copy-per-call' | 'detached' | 'autodiff' | 'minimize' | 'leaks' | 'frozen';

/** y = x·W + b, with one mistake or none; gradient(x, dY) is the hand-written ∂(Σ dY ⊙ y)/∂W. */
function dense(mistake?: Mistake, lazy = false) {
  let W: tfType.Variable | null = lazy ? null : tf.variable(tf.randomNormal([3, 2]));
  const b = tf.variable(tf.zeros([2]), mistake !== 'frozen');
  const extra = mistake === 'extra-variable' ? tf.variable(tf.zeros([2])) : null;
  const kernel = () => (W ??= tf.variable(tf.randomNormal([3, 2])));
  return {
    weights: () => ({ W: kernel(), b }),
    apply(x: tfType.Tensor): tfType.Tensor {
      const w = kernel();
      if (mistake === 'copy-per-call' || mistake === 'disposed-copy-per-call') {
        const copy = tf.variable(w.clone());
        const y = tf.tidy(() => tf.add(tf.matMul(x, copy), b));
        if (mistake === 'disposed-copy-per-call') copy.dispose();
        return y;
      }
      if (mistake === 'leaks') return tf.add(tf.matMul(x, w), b);
      return tf.tidy(() => {
        const used = mistake === 'detached' ? tf.tensor(w.dataSync(), w.shape) : w;
        const y = tf.add(tf.matMul(x, used), b);
        return extra ? tf.add(y, extra) : y;
      });
    },
    gradient(x: tfType.Tensor, dY: tfType.Tensor): tfType.Tensor {
      if (mistake === 'autodiff') return tf.grad((w: tfType.Tensor) => tf.sum(tf.mul(tf.matMul(x, w), dY)))(kernel());
      if (mistake === 'minimize') {
        const opt = tf.train.sgd(0);
        const g = opt.computeGradients(() => tf.sum(tf.mul(this.apply(x), dY)) as tfType.Scalar, [kernel()]).grads;
        opt.dispose();
        return Object.values(g)[0]!;
      }
      return tf.matMul(x, dY, true, false);
    },
  };
}
type Dense = ReturnType<typeof dense>;
const x = () => tf.randomNormal([4, 3]);
const callTwice = (d: Dense) => {
  tf.dispose([d.apply(x()), d.apply(x())]);
};

describe('variableContract', () => {
  it('matches every variable a correct layer creates with a declared weight, lazily built ones too', () => {
    for (const lazy of [false, true]) {
      const c = variableContract(() => dense(undefined, lazy), callTwice);
      expect(c.undeclaredTrainable).toBe(0);
      expect(c.created.map((v) => [v.declaredAs, v.inCalls, v.alive])).toEqual(
        lazy ? [['b', false, true], ['W', true, true]] : [['W', false, true], ['b', false, true]],
      );
      expect(c.declared).toEqual([{ name: 'W', shape: [3, 2], trainable: true }, { name: 'b', shape: [2], trainable: true }]);
    }
  });

  it('finds a trainable variable that weights() never declares, made once or per call, disposed or not', () => {
    const extra = variableContract(() => dense('extra-variable'), callTwice);
    expect(extra.undeclaredTrainable).toBe(1);
    expect(extra.created.filter((v) => v.declaredAs === null)).toEqual([{ shape: [2], trainable: true, declaredAs: null, inCalls: false, alive: true }]);
    expect(variableContract(() => dense('copy-per-call'), callTwice).undeclaredTrainable).toBe(2);
    const disposed = variableContract(() => dense('disposed-copy-per-call'), callTwice);
    expect(disposed.undeclaredTrainable).toBe(2);
    expect(disposed.created.filter((v) => v.declaredAs === null).map((v) => [v.inCalls, v.alive])).toEqual([[true, false], [true, false]]);
  });

  it('puts the engine back as it was, also when the learner code throws', () => {
    const engine = tf.engine() as unknown as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(engine, 'makeVariable')).toBe(false);
    expect(() => variableContract(() => dense(), () => {
      throw new Error('boom');
    })).toThrow('boom');
    expect(Object.prototype.hasOwnProperty.call(engine, 'makeVariable')).toBe(false);
  });
});

describe('gradientReach', () => {
  const reach = (d: Dense) =>
    scoped(() => {
      const [xs, g] = [x(), tf.randomNormal([4, 2])];
      return gradientReach(d, () => tf.sum(tf.mul(d.apply(xs), g)) as tfType.Scalar);
    });

  it('reports every declared weight of a correct layer as reached, with a gradient that is there', () => {
    const r = reach(dense());
    expect(r.map((w) => [w.name, w.reached])).toEqual([['W', true], ['b', true]]);
    for (const w of r) expect(w.maxAbs).toBeGreaterThan(0);
  });

  it('reports a weight the forward pass copies as not reached, and a frozen one as not trainable', () => {
    expect(reach(dense('detached')).map((w) => [w.name, w.reached, w.maxAbs])).toEqual([['W', false, 0], ['b', true, expect.any(Number)]]);
    expect(reach(dense('frozen')).map((w) => [w.name, w.trainable, w.reached])).toEqual([['W', true, true], ['b', false, false]]);
  });

  it("answers (instead of tfjs' minimize() error) when no weight at all is reached", () => {
    const copies = { weights: () => ({ W: w }), apply: () => null };
    const w = tf.variable(tf.ones([2]));
    expect(gradientReach(copies, () => tf.sum(tf.tensor(w.dataSync())) as tfType.Scalar)).toEqual([{ name: 'W', shape: [2], trainable: true, reached: false, maxAbs: 0 }]);
    w.dispose();
  });
});

describe('autodiffUse', () => {
  const handWritten = (d: Dense) =>
    autodiffUse(() => {
      const [xs, dY] = [x(), tf.randomNormal([4, 2])];
      return d.gradient(xs, dY);
    });

  it('sees no autodiff in a gradient written by hand, and returns its result', () => {
    const { result, use } = handWritten(dense());
    expect(use).toEqual({ autodiff: 0, optimizer: 0, tampered: false });
    expect(shapeOf(result)).toEqual([3, 2]);
  });

  it('counts tf.grad and an optimizer, whichever reference to tfjs the code holds', () => {
    expect(handWritten(dense('autodiff')).use).toEqual({ autodiff: 1, optimizer: 0, tampered: false });
    expect(handWritten(dense('minimize')).use).toEqual({ autodiff: 1, optimizer: 1, tampered: false });
    // A bound reference taken before the trap was set still starts the (trapped) tape.
    const variableGrads = tf.variableGrads.bind(tf);
    const w = tf.variable(tf.ones([2]));
    expect(autodiffUse(() => variableGrads(() => tf.sum(w) as tfType.Scalar)).use.autodiff).toBe(1);
    w.dispose();
  });

  it('reports code that removes the trap, and leaves tfjs as it was', () => {
    const engine = tf.engine() as unknown as Record<string, unknown>;
    expect(autodiffUse(() => delete engine.startTape).use.tampered).toBe(true);
    expect(Object.prototype.hasOwnProperty.call(engine, 'startTape')).toBe(false);
    const g = tf.grad((a: tfType.Tensor) => tf.square(a))(tf.scalar(3));
    expect(g.dataSync()[0]).toBe(6);
    expect(() => autodiffUse(() => Promise.resolve(1))).toThrow('not a Promise');
  });
});

describe('leakedTensors, shapeOf, attemptCall', () => {
  it('counts the tensors a repeated call leaves besides its result', () => {
    const xs = x();
    const [good, leaking] = [dense(), dense('leaks')];
    expect(leakedTensors(() => good.apply(xs))).toBe(0);
    expect(leakedTensors(() => leaking.apply(xs))).toBe(1); // x·W, left behind when the sum is returned
    expect(leakedTensors(() => leaking.apply(xs), 3)).toBe(1);
    xs.dispose();
  });

  it('gives exact shapes, and null for what is not a tensor', () => {
    const t = tf.zeros([1, 3]);
    expect(shapeOf(t)).toEqual([1, 3]);
    expect(shapeOf([0, 0, 0])).toBeNull();
    t.dispose();
  });

  it('labels each call of a sequence, null for one that throws', () => {
    expect(attemptCall('ok', () => tf.ones([2]))).toEqual({ label: 'ok', y: { shape: [2], data: [1, 1] } });
    expect(attemptCall('throws', () => {
      throw new Error('x');
    })).toEqual({ label: 'throws', y: null });
  });
});

describe('callSequence', () => {
  it('runs interleaved calls on instances alive at once, with new weights between calls', () => {
    const scale = () => {
      const w = tf.variable(tf.ones([2]));
      return { weights: () => ({ w }), apply: (x: tfType.Tensor) => tf.mul(x, w) };
    };
    // A wrong layer: every instance shares one module-level weight.
    const shared = tf.variable(tf.ones([2]));
    const sharing = () => ({ weights: () => ({ w: shared }), apply: (x: tfType.Tensor) => tf.mul(x, shared) });
    const x = { shape: [1, 2], data: [1, 2] };
    const steps: SequenceStep[] = [
      { label: 'first, w = 2', instance: 0, weights: { w: { shape: [2], data: [2, 2] } }, x },
      { label: 'second, w = 3', instance: 1, weights: { w: { shape: [2], data: [3, 3] } }, x },
      { label: 'first again', instance: 0, x },
      { label: 'missing', instance: 0, weights: { v: { shape: [2], data: [0, 0] } }, x },
    ];
    const ys = (made: ReturnType<typeof scale>[]) => callSequence(made, steps).map((s) => s.y?.data ?? null);
    expect(ys([scale(), scale()])).toEqual([[2, 4], [3, 6], [2, 4], null]);
    expect(ys([sharing(), sharing()])).toEqual([[2, 4], [3, 6], [3, 6], null]);
    shared.dispose();
  });
});
