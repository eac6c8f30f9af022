// The kernels wasm lacks, registered from the cpu backend: the gradients they serve must equal the
// cpu backend's, and the routes learners take (gather, depthwise conv, the Layers API's conv2d,
// einsum) must run and train on wasm.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../util/rng';
import { initTf } from './init-tf';
import { CPU_FALLBACK_KERNELS } from './wasm-kernels';
import { missingKernelAdvice, translateTfError } from './tf-errors';

const rng = new Rng('wasm-kernels-test');
const t = (shape: number[]) => tf.tensor(rng.normals(shape.reduce((a, b) => a * b, 1)), shape);

/** f's gradients on cpu and on wasm at the same random inputs of these shapes, as plain arrays. */
async function onBoth(shapes: number[][], f: (...xs: tf.Tensor[]) => tf.Tensor): Promise<{ cpu: number[][]; wasm: number[][] }> {
  const data = shapes.map((shape) => ({ shape, values: rng.normals(shape.reduce((a, b) => a * b, 1)) }));
  const run = async (backend: 'cpu' | 'wasm') => {
    await initTf({ backend });
    return tf.tidy(() => tf.grads(f)(data.map((d) => tf.tensor(d.values, d.shape))).map((g) => Array.from(g.dataSync())));
  };
  return { cpu: await run('cpu'), wasm: await run('wasm') };
}

function expectClose(a: number[][], b: number[][]) {
  expect(a.length).toBe(b.length);
  a.forEach((g, i) => {
    expect(g.length).toBe(b[i]!.length);
    const worst = Math.max(...g.map((v, j) => Math.abs(v - b[i]![j]!)));
    expect(worst).toBeLessThan(1e-4);
    expect(Math.max(...g.map(Math.abs))).toBeGreaterThan(1e-3); // a gradient that is there
  });
}

beforeAll(() => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined); // tfjs' "install tfjs-node" banner
});
afterAll(async () => {
  await initTf({ backend: 'wasm' });
});

describe('kernels registered for wasm from the cpu backend', () => {
  it('lists exactly the kernels wasm lacks among those learners reach', async () => {
    await initTf();
    for (const k of CPU_FALLBACK_KERNELS) expect([k, tf.getKernel(k, 'wasm')?.backendName]).toEqual([k, 'wasm']);
  });

  it('gather (its gradient is UnsortedSegmentSum) matches cpu, repeated indices summed', async () => {
    const idx = tf.tensor1d([0, 2, 2, 1, 2], 'int32');
    const { cpu, wasm } = await onBoth([[4, 3], [5, 3]], (table, up) => tf.sum(tf.mul(tf.gather(table, idx), up)));
    expectClose(wasm, cpu);
    idx.dispose();
  });

  it('depthwiseConv2d (…BackpropFilter and …BackpropInput) matches cpu', async () => {
    for (const [stride, pad] of [[1, 'same'], [2, 'valid']] as const) {
      const { cpu, wasm } = await onBoth([[2, 6, 5, 3], [3, 2, 3, 2]], (x, f) => tf.sum(tf.square(tf.depthwiseConv2d(x as tf.Tensor4D, f as tf.Tensor4D, stride, pad))));
      expectClose(wasm, cpu);
    }
  });

  // Linear activation: tfjs fuses (and then needs Conv2DBackpropFilter) only then under a tape.
  it('fused conv2d with a bias (Conv2DBackpropFilter, the Layers API route) matches cpu', async () => {
    const { cpu, wasm } = await onBoth(
      [[2, 5, 5, 3], [3, 3, 3, 4], [4]],
      (x, f, b) => tf.sum(tf.square(tf.fused.conv2d({ x: x as tf.Tensor4D, filter: f as tf.Tensor4D, strides: 1, pad: 'same', bias: b }))),
    );
    expectClose(wasm, cpu);
  });

  it('einsum runs on wasm and matches cpu', async () => {
    const run = async (backend: 'cpu' | 'wasm') => {
      await initTf({ backend });
      const r = new Rng('einsum');
      return tf.tidy(() => Array.from(tf.einsum('ij,jk->ik', tf.tensor(r.normals(6), [2, 3]), tf.tensor(r.normals(12), [3, 4])).dataSync()));
    };
    expectClose([await run('wasm')], [await run('cpu')]);
  });

  it('a tf.layers.conv2d trains on wasm with its own weights', async () => {
    await initTf();
    const layer = tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same', useBias: true });
    layer.build([null, null, null, 1]);
    const vars = layer.weights.map((w) => w.read() as tf.Variable);
    const before = vars.map((v) => Array.from(v.dataSync()));
    const x = t([1, 4, 4, 1]);
    const y = t([1, 4, 4, 2]);
    const opt = tf.train.sgd(0.1);
    opt.minimize(() => tf.losses.meanSquaredError(y, layer.apply(x) as tf.Tensor) as tf.Scalar, false, vars);
    expect(tf.getBackend()).toBe('wasm');
    vars.forEach((v, i) => expect(Array.from(v.dataSync())).not.toEqual(before[i]));
    opt.dispose();
    tf.dispose(vars);
    tf.dispose([x, y]);
  });
});

describe('translateTfError', () => {
  it('rewrites a missing wasm kernel into the op and an alternative, keeping class and stack frames', () => {
    const e = new TypeError("Kernel 'Einsum' not registered for backend 'wasm'");
    const out = translateTfError(e) as Error;
    expect(out.message).toBe(missingKernelAdvice('Einsum'));
    expect(out.message).toContain('tf.matMul');
    expect(out.name).toBe('TypeError');
    expect(out.stack!.split('\n').slice(1)).toEqual(e.stack!.split('\n').filter((l) => /^\s+at /.test(l)));
  });

  it('rewrites tfjs messages that blame minimize() into what the learner did', () => {
    const out = translateTfError(new Error('Cannot find a connection between any variable and the result of the loss function y=f(x). Please make sure the operations that use variables are inside the function f passed to minimize().')) as Error;
    expect(out.message).not.toContain('minimize');
    expect(out.message).toContain('not with copies');
    expect((translateTfError(new Error('Cannot compute gradient: gradient function not found for Foo.')) as Error).message).toContain("no gradient for operation 'Foo'");
  });

  it('leaves other errors and non-errors alone', () => {
    const e = new Error('something else');
    expect(translateTfError(e)).toBe(e);
    expect(translateTfError('text')).toBe('text');
  });
});
