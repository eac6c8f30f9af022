import * as tf from '@tensorflow/tfjs';
import { Rng } from '../util/rng';
import { conv2dGrads, UnsupportedConv2dGradError } from './conv2d-grad';
import { initTf } from './init-tf';

type Case = { n: number; h: number; w: number; ci: number; co: number; kh: number; kw: number; s: [number, number]; pad: 'same' | 'valid' };

function randomCases(rng: Rng, count: number): Case[] {
  const out: Case[] = [];
  for (let i = 0; i < count; i++) {
    out.push({
      n: rng.int(1, 2), h: rng.int(3, 9), w: rng.int(3, 9), ci: rng.int(1, 4), co: rng.int(1, 5),
      kh: rng.int(1, 3), kw: rng.int(1, 3),
      s: [rng.int(1, 3), rng.int(1, 3)], pad: rng.next() < 0.5 ? 'same' : 'valid',
    });
  }
  return out;
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

describe('Conv2D gradient from forward ops', () => {
  const rng = new Rng('conv2d-grad-test');
  const cases: Case[] = [
    { n: 2, h: 8, w: 8, ci: 3, co: 16, kh: 3, kw: 3, s: [1, 1], pad: 'same' },
    { n: 1, h: 7, w: 6, ci: 2, co: 3, kh: 3, kw: 2, s: [2, 2], pad: 'same' },
    { n: 1, h: 7, w: 7, ci: 2, co: 3, kh: 3, kw: 3, s: [2, 3], pad: 'valid' },
    { n: 2, h: 5, w: 9, ci: 1, co: 2, kh: 2, kw: 3, s: [1, 2], pad: 'same' },
    ...randomCases(rng, 12),
  ];

  it('matches the cpu backend built-in gradients (and trains on wasm)', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined); // tfjs' "install tfjs-node" banner
    await initTf({ backend: 'cpu' });
    // initTf replaced the registry entry; the cpu reference uses tfjs' own kernels directly.
    for (const c of cases) {
      const x = tf.tensor4d(rng.normals(c.n * c.h * c.w * c.ci), [c.n, c.h, c.w, c.ci]);
      const f = tf.tensor4d(rng.normals(c.kh * c.kw * c.ci * c.co), [c.kh, c.kw, c.ci, c.co]);
      const y = tf.conv2d(x, f, c.s, c.pad);
      const dy = tf.tensor4d(rng.normals(y.size), y.shape as [number, number, number, number]);
      // tfjs' reference formulas on cpu (the kernels the original gradient calls).
      const refDx = tf.conv2dTranspose(dy, f, x.shape, c.s, c.pad);
      const refDw = tf.tidy(() => {
        return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: c.s, pad: c.pad, dataFormat: 'NHWC', filterShape: f.shape }) as tf.Tensor4D;
      });
      const cpu = conv2dGrads(tf, x, f, dy, { strides: c.s, pad: c.pad });
      expect(maxAbsDiff(cpu.dx, refDx)).toBeLessThan(1e-4);
      expect(maxAbsDiff(cpu.dW, refDw)).toBeLessThan(1e-4);

      await initTf({ backend: 'wasm' });
      const g = tf.grads((xx: tf.Tensor, ff: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xx as tf.Tensor4D, ff as tf.Tensor4D, c.s, c.pad), dy)));
      const [wx, wf] = g([x, f]);
      expect(tf.getBackend()).toBe('wasm');
      expect(maxAbsDiff(wx!, refDx)).toBeLessThan(1e-4);
      expect(maxAbsDiff(wf!, refDw)).toBeLessThan(1e-4);
      await initTf({ backend: 'cpu' });
      tf.dispose([x, f, y, dy, refDx, refDw, cpu.dx, cpu.dW, wx!, wf!]);
    }
  });

  it('rejects dilations and NCHW with a clear error', async () => {
    await initTf({ backend: 'cpu' });
    const x = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
    const f = tf.zeros([2, 2, 1, 1]) as tf.Tensor4D;
    expect(() => conv2dGrads(tf, x, f, x, { strides: 1, pad: 'same', dilations: 2 })).toThrow(UnsupportedConv2dGradError);
    expect(() => conv2dGrads(tf, x, f, x, { strides: 1, pad: 'same', dataFormat: 'NCHW' })).toThrow(/dataFormat NCHW/);
  });
});

describe('initTf', () => {
  it('uses wasm by default and asserts it', async () => {
    const t = await initTf();
    expect(t.getBackend()).toBe('wasm');
  });
});
