// The check library on REAL tfjs computations (wasm, as in grading): alternative correct
// implementations must pass, known mistakes must fail, and every equivariance transform is checked
// against an actual layer that has the symmetry — so a convention mismatch in a transform shows up.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { gradeSubmission } from '../grade/grade-submission';
import { initTf } from '../tf/init-tf';
import { Rng } from '../util/rng';
import { createTiedConv2d as patchConv } from './__fixtures__/tied-conv2d-patches';
import { equivariance } from './equivariance';
import { fdLossesSchema, finiteDifferencePlan, type FdCoordinate } from './finite-differences';
import { optimizerStep, referenceOptimizer, describeOptimizer, type OptimizerConfig } from './optimizer-step';
import type { NumTensor } from './tensor';
import { gradients, trainsLikeReference, type GradientContribution } from './training';
import { cropTranslation, identity, permutation, randomPermutation, rot90Spatial, rotationP4, swapPair, timeShift, translation } from './transforms';

jest.setTimeout(60_000);

let tf: typeof tfType;
beforeAll(async () => {
  tf = await initTf();
});

const tol = { atol: 1e-4, rtol: 1e-3 };
const num = (t: tfType.Tensor): NumTensor => ({ shape: [...t.shape], data: Array.from(t.dataSync()) });
const ten = (t: NumTensor) => tf.tensor(t.data, t.shape);
const rand = (rng: Rng, shape: number[], std = 1): NumTensor => ({ shape, data: rng.normals(shape.reduce((a, b) => a * b, 1), std) });
/** Like tf.tidy for code that returns plain numbers (tidy only accepts tensors). */
function scoped<T>(f: () => T): T {
  tf.engine().startScope();
  try {
    return f();
  } finally {
    tf.engine().endScope();
  }
}
/** Runs f on plain numbers, disposing every intermediate tensor. */
const on = (f: (...xs: tfType.Tensor[]) => tfType.Tensor, ...xs: NumTensor[]): NumTensor => scoped(() => num(f(...xs.map(ten))));

describe('alternative solution through the real grader', () => {
  it('tied-conv2d by explicit patch extraction + one shared matMul (no tf.conv2d) scores 1', async () => {
    const code = readFileSync(path.join(__dirname, '__fixtures__', 'tied-conv2d-patches.ts'), 'utf8');
    const o = await gradeSubmission({ exercise: 'tied-conv2d', code, seed: 'alternative-patches', filename: 'patches.ts' });
    expect(o.status).toBe('GRADED');
    if (o.status !== 'GRADED') return;
    expect(o.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.message}`)).toEqual([]);
    expect(o.score).toBe(1);
  });
});

describe('trainsLikeReference on real training', () => {
  function train(layer: { weights(): Record<string, tfType.Variable>; apply(x: tfType.Tensor4D): tfType.Tensor4D }, init: Record<string, NumTensor>, x: NumTensor, y: NumTensor) {
    for (const [k, v] of Object.entries(init)) layer.weights()[k]!.assign(ten(v));
    const opt = tf.train.sgd(0.1);
    const losses: number[] = [];
    for (let s = 0; s < 5; s++) {
      const l = opt.minimize(() => tf.losses.meanSquaredError(ten(y), layer.apply(ten(x) as tfType.Tensor4D)) as tfType.Scalar, true, Object.values(layer.weights()));
      losses.push(l!.dataSync()[0]!);
      l!.dispose();
    }
    opt.dispose();
    return { losses, weights: Object.fromEntries(Object.entries(layer.weights()).map(([k, v]) => [k, num(v)])) };
  }
  it('the patch-extraction layer trains like tf.conv2d; a frozen kernel does not', () => {
    const rng = new Rng('train');
    const init = { kernel: rand(rng, [3, 3, 2, 4], 0.3), bias: rand(rng, [4], 0.1) };
    const x = rand(rng, [2, 6, 6, 2]);
    const y = rand(rng, [2, 6, 6, 4]);
    const kernel = tf.variable(tf.zeros([3, 3, 2, 4]));
    const bias = tf.variable(tf.zeros([4]));
    const ref = train({ weights: () => ({ kernel, bias }), apply: (t) => tf.tidy(() => tf.add(tf.conv2d(t, kernel as tfType.Tensor4D, 1, 'same'), bias)) }, init, x, y);
    const alt = train(patchConv({ inChannels: 2, outChannels: 4, kernelSize: 3 }), init, x, y);
    const r = trainsLikeReference({ learnerLosses: alt.losses, referenceLosses: ref.losses, learnerWeights: alt.weights, referenceWeights: ref.weights, tolerance: tol, optimizer: 'SGD (lr 0.1)' });
    expect(r.message).toMatch(/^Trains like the reference: 5 SGD \(lr 0.1\) steps/);
    expect(r.passed).toBe(true);
    expect(r.plots?.[0]?.series.map((s) => s.values)).toEqual([alt.losses, ref.losses]);

    const frozenK = tf.variable(tf.zeros([3, 3, 2, 4]), false);
    const frozen = train({ weights: () => ({ kernel: frozenK, bias }), apply: (t) => tf.tidy(() => tf.add(tf.conv2d(t, frozenK as tfType.Tensor4D, 1, 'same'), bias)) }, init, x, y);
    const f = trainsLikeReference({ learnerLosses: frozen.losses, referenceLosses: ref.losses, tolerance: tol, optimizer: 'SGD (lr 0.1)' });
    expect(f.passed).toBe(false);
    expect(f.message).toMatch(/^Training diverges from the reference from step 1 on/);
  });
});

describe('gradients: BPTT by tf.grad vs a hand-written loop, with finite differences', () => {
  // h_t = tanh(h_{t-1} W + x_t U), h_0 = 0, loss = ½ Σ_t ‖h_t − y_t‖². W and U are used T times.
  const B = 2;
  const D = 3;
  const H = 4;
  const T = 5;
  const rng = new Rng('bptt');
  const w0 = { W: rand(rng, [H, H], 0.5), U: rand(rng, [D, H], 0.5) };
  const xs = Array.from({ length: T }, () => rand(rng, [B, D]));
  const ys = Array.from({ length: T }, () => rand(rng, [B, H], 0.5));

  function lossOf(W: tfType.Tensor, U: tfType.Tensor): tfType.Scalar {
    let h = tf.zeros([B, H]);
    let loss = tf.scalar(0);
    for (let t = 0; t < T; t++) {
      h = tf.tanh(tf.add(tf.matMul(h, W), tf.matMul(ten(xs[t]!), U)));
      loss = tf.add(loss, tf.mul(0.5, tf.sum(tf.square(tf.sub(h, ten(ys[t]!)))))) as tfType.Scalar;
    }
    return loss;
  }

  /** Reference: autodiff of the full graph; per-step contributions as gradients w.r.t. per-step copies. */
  function reference() {
    return scoped(() => {
      const total = tf.grads((W: tfType.Tensor, U: tfType.Tensor) => lossOf(W, U))([ten(w0.W), ten(w0.U)]);
      const copies = tf.grads((...ws: tfType.Tensor[]) => {
        let h = tf.zeros([B, H]);
        let loss = tf.scalar(0);
        for (let t = 0; t < T; t++) {
          h = tf.tanh(tf.add(tf.matMul(h, ws[t]!), tf.matMul(ten(xs[t]!), ws[T + t]!)));
          loss = tf.add(loss, tf.mul(0.5, tf.sum(tf.square(tf.sub(h, ten(ys[t]!)))))) as tfType.Scalar;
        }
        return loss;
      })([...Array.from({ length: T }, () => ten(w0.W)), ...Array.from({ length: T }, () => ten(w0.U))]);
      const contributions: GradientContribution[] = Array.from({ length: T }, (_, t) => ({ label: `time step ${t + 1}`, grads: { W: num(copies[t]!), U: num(copies[T + t]!) } }));
      return { total: { W: num(total[0]!), U: num(total[1]!) }, contributions };
    });
  }

  /** The learner's hand-written backward loop; `truncated` forgets the gradient flowing back through h. */
  function handWritten(truncated: boolean) {
    return scoped(() => {
      const W = ten(w0.W);
      const U = ten(w0.U);
      const hs: tfType.Tensor[] = [tf.zeros([B, H])];
      for (let t = 0; t < T; t++) hs.push(tf.tanh(tf.add(tf.matMul(hs[t]!, W), tf.matMul(ten(xs[t]!), U))));
      let dhNext: tfType.Tensor = tf.zeros([B, H]);
      const perStep: GradientContribution[] = [];
      for (let t = T - 1; t >= 0; t--) {
        const dh = tf.add(tf.sub(hs[t + 1]!, ten(ys[t]!)), truncated ? 0 : dhNext);
        const da = tf.mul(dh, tf.sub(1, tf.square(hs[t + 1]!)));
        perStep.unshift({ label: `time step ${t + 1}`, grads: { W: num(tf.matMul(hs[t]!, da, true, false)), U: num(tf.matMul(ten(xs[t]!), da, true, false)) } });
        dhNext = tf.matMul(da, W, false, true);
      }
      const sum = (k: 'W' | 'U'): NumTensor => ({ shape: perStep[0]!.grads[k]!.shape, data: perStep[0]!.grads[k]!.data.map((_, i) => perStep.reduce((s, c) => s + c.grads[k]!.data[i]!, 0)) });
      return { total: { W: sum('W'), U: sum('U') }, contributions: perStep };
    });
  }

  /** What the probe would return: the learner's own forward loss at w± on each planned coordinate. */
  function fdLosses(coords: FdCoordinate[]) {
    return fdLossesSchema.parse(
      coords.map((c) => {
        const at = (v: number) => {
          const w = { W: { ...w0.W, data: [...w0.W.data] }, U: { ...w0.U, data: [...w0.U.data] } };
          w[c.param as 'W' | 'U'].data[c.index] = v;
          return scoped(() => lossOf(ten(w.W), ten(w.U)).dataSync()[0]!);
        };
        return { plus: at(c.plus), minus: at(c.minus) };
      }),
    );
  }

  it('a correct hand-written BPTT passes autodiff, per-step sums and finite differences', () => {
    const ref = reference();
    const mine = handWritten(false);
    const coordinates = finiteDifferencePlan(new Rng('fd'), w0, { perParam: 3 });
    expect(coordinates).toHaveLength(6);
    const r = gradients({
      actual: mine.total,
      expected: ref.total,
      tolerance: tol,
      contributions: mine.contributions,
      expectedContributions: ref.contributions,
      useName: 'time step',
      finiteDifferences: { coordinates, losses: fdLosses(coordinates) },
    });
    expect(r.message).toMatch(/^Gradients match autodiff for W, U\. Your 5 contributions \(one per time step\) add up to the total and each matches the reference\. Your gradient agrees with finite differences/);
    expect(r.passed).toBe(true);
  });

  it('truncated BPTT (no gradient through h_{t-1}) fails autodiff and names the first wrong time step', () => {
    const ref = reference();
    const mine = handWritten(true);
    const coordinates = finiteDifferencePlan(new Rng('fd'), w0);
    const r = gradients({
      actual: mine.total,
      expected: ref.total,
      tolerance: tol,
      contributions: mine.contributions,
      expectedContributions: ref.contributions,
      useName: 'time step',
      finiteDifferences: { coordinates, losses: fdLosses(coordinates) },
    });
    expect(r.passed).toBe(false);
    expect(r.message).toMatch(/^Gradients differ from autodiff: gradient for "W" off by up to [\d.e-]+ \(rel [\d.e+-]+\); gradient for "U" off by/);
    // The last step has nothing flowing back into it, so the first wrong contribution is an earlier one.
    expect(r.message).toMatch(/Your contributions per time step: time step [1-4] is off by up to/);
    expect(r.message).toMatch(/Your gradient disagrees with finite differences of your own loss/);
  });
});

describe('equivariance on real layers (transform conventions)', () => {
  const rng = new Rng('equivariance');

  it('circular translation: a conv with wrap-around padding passes, a locally connected layer fails', () => {
    const K = rand(rng, [3, 3, 2, 3], 0.5);
    const wrap = (x: tfType.Tensor) => {
      const [, h, w] = x.shape as number[];
      const rows = tf.concat([tf.slice(x, [0, h! - 1, 0, 0], [-1, 1, -1, -1]), x, tf.slice(x, [0, 0, 0, 0], [-1, 1, -1, -1])], 1);
      return tf.concat([tf.slice(rows, [0, 0, w! - 1, 0], [-1, -1, 1, -1]), rows, tf.slice(rows, [0, 0, 0, 0], [-1, -1, 1, -1])], 2);
    };
    const circ = (x: tfType.Tensor, k: tfType.Tensor) => tf.conv2d(wrap(x) as tfType.Tensor4D, k as tfType.Tensor4D, 1, 'valid');
    const x = rand(rng, [1, 6, 5, 2]);
    const T = translation(2, -3, 'circular');
    const ok = equivariance({ fx: on(circ, x, K), fTx: on(circ, T.apply(x), K), outputTransform: T, tolerance: tol });
    expect(ok.message).toMatch(/^Equivariant under shift by \(2, -3\) \(circular\)/);
    const mask = rand(rng, [1, 6, 5, 3]);
    const local = (x: tfType.Tensor, k: tfType.Tensor, m: tfType.Tensor) => tf.mul(circ(x, k), m);
    const bad = equivariance({ fx: on(local, x, K, mask), fTx: on(local, T.apply(x), K, mask), outputTransform: T, tolerance: tol });
    expect(bad.message).toMatch(/^Not equivariant under shift by \(2, -3\) \(circular\)/);
  });

  it("crop-based translation: a 'valid' conv passes without any border margin; a 'same' conv does not", () => {
    const K = rand(rng, [3, 3, 2, 3], 0.5);
    const T = cropTranslation(1, -2, 7, 6);
    const { x, shifted } = T.crops(rand(rng, T.sourceShape([1, 7, 6, 2])));
    for (const pad of ['valid', 'same'] as const) {
      const f = (t: tfType.Tensor, k: tfType.Tensor) => tf.conv2d(t as tfType.Tensor4D, k as tfType.Tensor4D, 1, pad);
      const fx = on(f, x, K);
      const r = equivariance({ fx, fTx: on(f, shifted, K), outputTransform: T.outputTransform, region: T.region(fx.shape), tolerance: tol, relativeTolerance: 1e-5 });
      expect([pad, r.passed]).toEqual([pad, pad === 'valid']);
    }
  });

  it('p4: a lifting conv with the 4 rotated copies of one kernel passes rotationP4; unrotated copies fail', () => {
    const k = 3;
    const cin = 2;
    const F = 2;
    const K = rand(rng, [k, k, cin, F], 0.5);
    // Kernel bank [k, k, C_in, F·4], orientation fastest: channel f·4 + r holds K rotated by r·90°.
    const bank = (rotate: boolean): NumTensor => {
      const asImg = { shape: [1, k, k, cin * F], data: K.data };
      const rots = [0, 1, 2, 3].map((r) => rot90Spatial(asImg, rotate ? r : 0).data);
      const data = new Array<number>(k * k * cin * F * 4);
      for (let p = 0; p < k * k * cin; p++) for (let f = 0; f < F; f++) for (let r = 0; r < 4; r++) data[p * F * 4 + f * 4 + r] = rots[r]![p * F + f]!;
      return { shape: [k, k, cin, F * 4], data };
    };
    const conv = (t: tfType.Tensor, w: tfType.Tensor) => tf.conv2d(t as tfType.Tensor4D, w as tfType.Tensor4D, 1, 'same');
    const x = rand(rng, [1, 7, 7, cin]);
    const Rin = rotationP4(1, 1);
    const Rout = rotationP4(1, 4);
    const good = bank(true);
    const ok = equivariance({ fx: on(conv, x, good), fTx: on(conv, Rin.apply(x), good), outputTransform: Rout, tolerance: tol, relativeTolerance: 1e-5 });
    expect(ok.message).toMatch(/^Equivariant under rotation by 90°/);
    // Rotating by 180° and 270° too (k = 2, 3).
    for (const r of [2, 3]) {
      expect(equivariance({ fx: on(conv, x, good), fTx: on(conv, rotationP4(r, 1).apply(x), good), outputTransform: rotationP4(r, 4), tolerance: tol }).passed).toBe(true);
    }
    const plain = bank(false);
    expect(equivariance({ fx: on(conv, x, plain), fTx: on(conv, Rin.apply(x), plain), outputTransform: Rout, tolerance: tol }).passed).toBe(false);
  });

  it('set permutation: a DeepSets layer is equivariant, its pooled sum invariant; a position embedding breaks equivariance', () => {
    const S = 5;
    const Lam = rand(rng, [3, 4], 0.5);
    const Gam = rand(rng, [3, 4], 0.5);
    const pos = rand(rng, [S, 4]);
    // y_i = x_i Λ + mean_j(x_j) Γ over a [N, S, D] batch.
    const layer = (x: tfType.Tensor, l: tfType.Tensor, g: tfType.Tensor) => tf.add(tf.reshape(tf.matMul(tf.reshape(x, [-1, 3]), l), [2, S, 4]), tf.reshape(tf.matMul(tf.mean(x, 1), g), [2, 1, 4]));
    const pooled = (x: tfType.Tensor, l: tfType.Tensor, g: tfType.Tensor) => tf.sum(tf.relu(layer(x, l, g)), 1);
    const withPos = (x: tfType.Tensor, l: tfType.Tensor, g: tfType.Tensor, p: tfType.Tensor) => tf.add(layer(x, l, g), p);
    const x = rand(rng, [2, S, 3]);
    const other = rand(rng, [2, S, 3]);
    const P = permutation(randomPermutation(rng, S));
    expect(equivariance({ fx: on(layer, x, Lam, Gam), fTx: on(layer, P.apply(x), Lam, Gam), outputTransform: P, tolerance: tol }).passed).toBe(true);
    const inv = equivariance({
      fx: on(pooled, x, Lam, Gam),
      fTx: on(pooled, P.apply(x), Lam, Gam),
      fOther: on(pooled, other, Lam, Gam),
      outputTransform: identity(`${P.describe} (invariance)`),
      tolerance: tol,
      relativeTolerance: 1e-5,
    });
    expect(inv.message).toMatch(/^Invariant under permutation \(\d \d \d \d \d\) of the set elements \(invariance\): relative deviation/);
    expect(equivariance({ fx: on(withPos, x, Lam, Gam, pos), fTx: on(withPos, P.apply(x), Lam, Gam, pos), outputTransform: P, tolerance: tol }).passed).toBe(false);
  });

  it('Siamese pair: a shared-encoder distance is symmetric; an asymmetric head is caught', () => {
    const W = rand(rng, [4, 3], 0.5);
    const V = rand(rng, [3, 1], 0.5);
    // Pair stacked as [2, B, D]; output [B, 1].
    const enc = (t: tfType.Tensor, w: tfType.Tensor) => tf.tanh(tf.matMul(t, w));
    const split = (p: tfType.Tensor) => [tf.squeeze(tf.slice(p, [0, 0, 0], [1, -1, -1]), [0]), tf.squeeze(tf.slice(p, [1, 0, 0], [1, -1, -1]), [0])] as const;
    const dist = (p: tfType.Tensor, w: tfType.Tensor) => {
      const [a, b] = split(p);
      return tf.sum(tf.square(tf.sub(enc(a, w), enc(b, w))), 1, true);
    };
    const asym = (p: tfType.Tensor, w: tfType.Tensor, v: tfType.Tensor) => {
      const [a, b] = split(p);
      return tf.matMul(tf.sub(enc(a, w), tf.mul(0.5, enc(b, w))), v);
    };
    const pair = rand(rng, [2, 3, 4]);
    const other = rand(rng, [2, 3, 4]);
    const S = swapPair();
    const I = identity(S.describe);
    const ok = equivariance({ fx: on(dist, pair, W), fTx: on(dist, S.apply(pair), W), fOther: on(dist, other, W), outputTransform: I, tolerance: tol });
    expect(ok.passed).toBe(true);
    const bad = equivariance({ fx: on(asym, pair, W, V), fTx: on(asym, S.apply(pair), W, V), fOther: on(asym, other, W, V), outputTransform: I, tolerance: tol, relativeTolerance: 1e-3 });
    expect(bad.message).toMatch(/^Not invariant under swapping the two inputs of the pair: relative deviation/);
  });

  it('time shift: a bias-free RNN with one W for all steps passes; per-step weights fail; a constant fails the guard', () => {
    const N = 2;
    const T = 6;
    const D = 2;
    const H = 3;
    const W = rand(rng, [H, H], 0.5);
    const U = rand(rng, [D, H], 0.5);
    const perStepU = rand(rng, [T, D, H], 0.5);
    const rnn = (x: tfType.Tensor, w: tfType.Tensor, u: tfType.Tensor, untied?: tfType.Tensor) => {
      let h = tf.zeros([N, H]);
      const out: tfType.Tensor[] = [];
      for (let t = 0; t < T; t++) {
        const ut = untied ? tf.squeeze(tf.slice(untied, [t, 0, 0], [1, -1, -1]), [0]) : u;
        h = tf.tanh(tf.add(tf.matMul(h, w), tf.matMul(tf.squeeze(tf.slice(x, [0, t, 0], [-1, 1, -1]), [1]), ut)));
        out.push(h);
      }
      return tf.stack(out, 1);
    };
    const x = rand(rng, [N, T, D]);
    const Ts = timeShift(2, 'zero');
    expect(equivariance({ fx: on(rnn, x, W, U), fTx: on(rnn, Ts.apply(x), W, U), outputTransform: Ts, tolerance: tol }).passed).toBe(true);
    const untied = (t: tfType.Tensor, w: tfType.Tensor, u: tfType.Tensor, p: tfType.Tensor) => rnn(t, w, u, p);
    expect(equivariance({ fx: on(untied, x, W, U, perStepU), fTx: on(untied, Ts.apply(x), W, U, perStepU), outputTransform: Ts, tolerance: tol }).passed).toBe(false);
    const constant = (t: tfType.Tensor) => tf.onesLike(t);
    expect(equivariance({ fx: on(constant, x), fTx: on(constant, Ts.apply(x)), outputTransform: Ts, tolerance: tol }).message).toMatch(/^Your output is \(nearly\) constant/);
  });
});

describe('optimizerStep on a real tied model', () => {
  // loss = Σ_{s<3} ‖x_s W − y_s‖²: W is used three times per step.
  const rng = new Rng('adamw');
  const uses = Array.from({ length: 3 }, () => ({ x: rand(rng, [4, 3]), y: rand(rng, [4, 2]) }));
  const init = { W: rand(rng, [3, 2], 0.5) };
  const cfg: OptimizerConfig = { kind: 'adamw', lr: 0.05, weightDecay: 0.1 };
  const lossOf = (W: tfType.Tensor, which = [0, 1, 2]) => which.reduce((acc: tfType.Tensor, s) => tf.add(acc, tf.sum(tf.square(tf.sub(tf.matMul(ten(uses[s]!.x), W), ten(uses[s]!.y))))), tf.scalar(0)) as tfType.Scalar;

  /** A learner's AdamW in tfjs ops (float32); perUse = one update per use (the sharing mistake). */
  function learnerAdamW(steps: number, perUse: boolean): Record<string, NumTensor>[] {
    const W = tf.variable(ten(init.W));
    let m = tf.zerosLike(W);
    let v = tf.zerosLike(W);
    let t = 0;
    const update = (g: tfType.Tensor) => {
      t++;
      const [nm, nv] = tf.tidy(() => [tf.add(tf.mul(0.9, m), tf.mul(0.1, g)), tf.add(tf.mul(0.999, v), tf.mul(0.001, tf.square(g)))]);
      m.dispose();
      v.dispose();
      [m, v] = [nm!, nv!];
      tf.tidy(() => {
        const mHat = tf.div(m, 1 - 0.9 ** t);
        const vHat = tf.div(v, 1 - 0.999 ** t);
        W.assign(tf.sub(tf.mul(W, 1 - 0.05 * 0.1), tf.div(tf.mul(0.05, mHat), tf.add(tf.sqrt(vHat), 1e-8))));
      });
    };
    const out: Record<string, NumTensor>[] = [];
    for (let s = 0; s < steps; s++) {
      for (const which of perUse ? [[0], [1], [2]] : [[0, 1, 2]]) {
        const g = tf.tidy(() => tf.grad((w: tfType.Tensor) => lossOf(w, which))(W));
        update(g);
        g.dispose();
      }
      out.push({ W: num(W) });
    }
    W.dispose();
    m.dispose();
    v.dispose();
    return out;
  }

  function referenceRun(steps: number): Record<string, NumTensor>[] {
    const opt = referenceOptimizer(cfg);
    let w: Record<string, NumTensor> = init;
    const out: Record<string, NumTensor>[] = [];
    for (let s = 0; s < steps; s++) {
      const g = scoped(() => num(tf.grad((x: tfType.Tensor) => lossOf(x))(ten(w.W!))));
      out.push((w = opt.step(w, { W: g })));
    }
    return out;
  }

  it('a tfjs AdamW with summed tied gradients matches the float64 reference for 3 steps; per-use updates fail with a hint', () => {
    const reference = referenceRun(3);
    const ok = optimizerStep({ learner: learnerAdamW(3, false), reference, tolerance: tol, optimizer: describeOptimizer(cfg), sharedUses: { W: 3 } });
    expect(ok.message).toBe('Your AdamW (lr 0.05, β₁ 0.9, β₂ 0.999, ε 1.0e-8, weight decay 0.1) updates match the reference for 3 steps, including tied "W" (used 3×).');
    const bad = optimizerStep({ learner: learnerAdamW(3, true), reference, tolerance: tol, optimizer: describeOptimizer(cfg), sharedUses: { W: 3 } });
    expect(bad.passed).toBe(false);
    expect(bad.message).toMatch(/after step 1, "W" differs from the reference by up to .*"W" is used 3 times per step: did you add up its 3 gradient contributions/);
  });
});
