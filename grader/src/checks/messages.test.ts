// Learner-facing wording of the check library, snapshotted so changes are reviewed.
import { checkDetailsSchema, RESULT_LIMITS } from '@tyinglab/contract';
import { fact, linePlot } from './display';
import { equivariance } from './equivariance';
import { matchesReference } from './matches-reference';
import { paramCount } from './param-count';
import { finiteDifferences, type FdCoordinate } from './finite-differences';
import { optimizerStep, perUseOptimizerSteps, referenceOptimizerSteps, describeOptimizer } from './optimizer-step';
import { gradients, trainsLikeReference } from './training';
import { cropTranslation, identity, permutation, rotationP4, swapPair, timeShift, translation } from './transforms';
import type { NumTensor } from './tensor';

const tol = { atol: 1e-4, rtol: 1e-3 };
const expected = [
  { name: 'kernel', shape: [3, 3, 3, 16] },
  { name: 'bias', shape: [16] },
];
const formula = 'k·k·C_in·C_out + C_out = 3·3·3·16 + 16';

describe('paramCount', () => {
  it('passes for the expected weights at two sizes', () => {
    const r = paramCount({ declared: [{ label: '8×8', weights: expected }, { label: '11×9', weights: expected }], expected, formula });
    expect(r.passed).toBe(true);
    expect(r.message).toMatchInlineSnapshot(`"448 parameters (k·k·C_in·C_out + C_out = 3·3·3·16 + 16), the same at 8×8 and 11×9."`);
  });
  it('reports wrong shapes and extra weights', () => {
    const declared = [{ name: 'kernel', shape: [16, 3, 3, 3] }, { name: 'bias', shape: [16] }, { name: 'unused', shape: [4] }];
    const r = paramCount({ declared: [{ label: '8×8', weights: declared }], expected, formula });
    expect(r.passed).toBe(false);
    expect(r.message).toMatchInlineSnapshot(`"Declared 452 parameters, expected 448 = k·k·C_in·C_out + C_out = 3·3·3·16 + 16. Problems: "kernel" has shape [16, 3, 3, 3], expected [3, 3, 3, 16]; unexpected weight unused [4]."`);
  });
  it('reports a count that changes with the image size', () => {
    const r = paramCount({
      declared: [
        { label: '8×8', weights: [{ name: 'kernel', shape: [64, 27, 16] }] },
        { label: '11×9', weights: [{ name: 'kernel', shape: [99, 27, 16] }] },
      ],
      expected,
      formula,
    });
    expect(r.passed).toBe(false);
    expect(r.message).toMatchInlineSnapshot(`"Your layer's parameters change with the input size (27648 at 8×8, 42768 at 11×9). Tied weights do not depend on the image size: expected 448 = k·k·C_in·C_out + C_out = 3·3·3·16 + 16 everywhere."`);
  });
});

describe('matchesReference', () => {
  const ref: NumTensor = { shape: [1, 2, 2, 1], data: [1, 2, 3, 4] };
  it('passes within tolerance', () => {
    const r = matchesReference({ cases: [{ label: 'a 2×2 image', actual: { ...ref, data: [1, 2, 3, 4.00001] }, expected: ref }], tolerance: tol, axes: ['n', 'y', 'x', 'c'] });
    expect(r.passed).toBe(true);
    expect(r.message).toMatchInlineSnapshot(`"Your output matches the reference (max abs error 1.0e-5, tolerance |error| ≤ 1.0e-4 + 0.001·|reference|)."`);
  });
  it('reports max errors and the worst location, with partial credit', () => {
    const r = matchesReference({
      cases: [
        { label: 'a 2×2 image', actual: { ...ref, data: [1, 2.5, 3, 4] }, expected: ref },
        { label: 'another', actual: ref, expected: ref },
        { label: 'a bigger one', actual: { shape: [1, 1, 1, 1], data: [0] }, expected: ref },
      ],
      tolerance: tol,
      axes: ['n', 'y', 'x', 'c'],
    });
    expect(r.passed).toBe(false);
    expect(r.fraction).toBeCloseTo(1 / 3);
    expect(r.message).toMatchInlineSnapshot(`"Your output differs from the reference: for a 2×2 image max abs error 0.5 (max rel error 0.25), worst at [n=0, y=0, x=1, c=0]: got 2.5, expected 2; 75% of values within tolerance; for a bigger one your output has shape [1, 1, 1, 1], expected [1, 2, 2, 1]. Tolerance: |error| ≤ 1.0e-4 + 0.001·|reference|."`);
  });
});

describe('equivariance', () => {
  const x: NumTensor = { shape: [1, 4, 4, 1], data: Array.from({ length: 16 }, (_, i) => (i * 7) % 5) };
  const T = translation(1, 0, 'circular');
  it('passes for an equivariant function (identity)', () => {
    const r = equivariance({ fx: x, fTx: T.apply(x), outputTransform: T, tolerance: tol });
    expect(r.passed).toBe(true);
    expect(r.message).toMatchInlineSnapshot(`"Equivariant under shift by (1, 0) (circular): max deviation 0 over 16 compared values."`);
  });
  it('fails a constant function through the non-triviality guard', () => {
    const c: NumTensor = { shape: [1, 4, 4, 1], data: new Array(16).fill(0.5) };
    const r = equivariance({ fx: c, fTx: c, outputTransform: T, tolerance: tol });
    expect(r.passed).toBe(false);
    expect(r.message).toMatchInlineSnapshot(`"Your output is (nearly) constant or does not depend on the input (spread 0), so equivariance under shift by (1, 0) (circular) says nothing. Make the layer compute something from its input (random initial weights, not zeros)."`);
  });
  it('reports the max deviation and where', () => {
    const r = equivariance({ fx: x, fTx: { ...x, data: x.data.map((v) => v * 2) }, outputTransform: T, tolerance: tol, axes: ['n', 'y', 'x', 'c'] });
    expect(r.passed).toBe(false);
    expect(r.message).toMatchInlineSnapshot(`"Not equivariant under shift by (1, 0) (circular): transforming the input and transforming the output differ by up to 7 (worst at [n=0, y=1, x=3, c=0]; 12.5% of compared values agree). The same weights must be applied at every position."`);
  });
});

describe('training', () => {
  it('passes identical curves and fails a stuck one, with plot data', () => {
    const ok = trainsLikeReference({ learnerLosses: [2, 1.5, 1.2], referenceLosses: [2, 1.5, 1.2], tolerance: tol, optimizer: 'SGD' });
    expect(ok.passed).toBe(true);
    expect(ok.message).toMatchInlineSnapshot(`"Trains like the reference: 3 SGD steps, loss 2 → 1.2, max loss difference 0."`);
    const stuck = trainsLikeReference({ learnerLosses: [2, 2, 2], referenceLosses: [2, 1.5, 1.2], tolerance: tol, optimizer: 'SGD' });
    expect(stuck.passed).toBe(false);
    expect(stuck.message).toMatchInlineSnapshot(`"Training diverges from the reference from step 1 on (worst at step 2: loss 2 vs 1.2). Your loss does not change at all: are your weights trainable variables that apply() actually uses? Same initial weights, data and SGD were used for both."`);
    expect(stuck.plots).toEqual([
      {
        kind: 'line',
        title: 'Training loss, same initial weights and data',
        xLabel: 'optimizer step',
        yLabel: 'loss',
        x: [0, 1, 2],
        series: [
          { name: 'your loss', values: [2, 2, 2], style: 'solid' },
          { name: 'reference loss', values: [2, 1.5, 1.2], style: 'dashed' },
        ],
      },
    ]);
  });
  it('compares gradients', () => {
    const g = { shape: [2], data: [1, 2] };
    expect(gradients({ actual: { w: g }, expected: { w: g }, tolerance: tol }).passed).toBe(true);
    const r = gradients({ actual: { w: { shape: [2], data: [1, 1] } }, expected: { w: g }, tolerance: tol });
    expect(r.passed).toBe(false);
    expect(r.message).toMatchInlineSnapshot(`"Gradients differ from autodiff: gradient for "w" off by up to 1 (rel 0.5). A tied weight's gradient is the sum over all its uses."`);
  });
});

describe('paramCount (independence dimension, behaviour)', () => {
  const rnn = [{ name: 'W', shape: [8, 8] }, { name: 'U', shape: [3, 8] }];
  const f = 'H·H + D·H = 8·8 + 3·8';
  it('names the dimension the count must not depend on', () => {
    const ok = paramCount({ declared: [{ label: 'T=5', weights: rnn }, { label: 'T=9', weights: rnn }], expected: rnn, formula: f, independentOf: 'sequence length' });
    expect(ok.passed).toBe(true);
    expect(ok.message).toMatchInlineSnapshot(`"88 parameters (H·H + D·H = 8·8 + 3·8), the same at T=5 and T=9: independent of the sequence length."`);
    const perStep = (t: number) => [{ name: 'W', shape: [t, 8, 8] }, { name: 'U', shape: [3, 8] }];
    const bad = paramCount({ declared: [{ label: 'T=5', weights: perStep(5) }, { label: 'T=9', weights: perStep(9) }], expected: rnn, formula: f, independentOf: 'sequence length' });
    expect(bad.passed).toBe(false);
    expect(bad.message).toMatchInlineSnapshot(`"Your layer's parameters change with the sequence length (344 at T=5, 600 at T=9). Tied weights do not depend on the sequence length: expected 88 = H·H + D·H = 8·8 + 3·8 everywhere."`);
  });
  it('is not confirmed when the injected weights do not reproduce the reference', () => {
    const behaviour = matchesReference({ cases: [{ label: 'T=5', actual: { shape: [2], data: [0, 0] }, expected: { shape: [2], data: [1, 2] } }], tolerance: tol });
    const r = paramCount({ declared: [{ label: 'T=5', weights: rnn }, { label: 'T=9', weights: rnn }], expected: rnn, formula: f, independentOf: 'sequence length', behaviour });
    expect(r.passed).toBe(false);
    expect(r.message).toMatchInlineSnapshot(`"Declared 88 parameters with the expected shapes, but with random values of these shapes loaded your output does not match the reference, so the count is not confirmed by behaviour: Your output differs from the reference: for T=5 max abs error 2 (max rel error 1), worst at [1]: got 0, expected 2; 0% of values within tolerance. Tolerance: |error| ≤ 1.0e-4 + 0.001·|reference|."`);
  });
  it('refuses to claim independence from a single probed size (exercise bug)', () => {
    expect(() => paramCount({ declared: [{ label: 'T=5', weights: rnn }], expected: rnn, formula: f, independentOf: 'depth' })).toThrow(/two or more/);
  });
});

describe('matchesReference (edge cases)', () => {
  it('never passes with nothing to compare (exercise bug)', () => {
    expect(() => matchesReference({ cases: [], tolerance: tol })).toThrow(/no cases/);
  });
  it('reports the relative error of a small mismatch', () => {
    const e: NumTensor = { shape: [3], data: [1, -2, 100] };
    const r = matchesReference({ cases: [{ label: 'a sequence of length 3', actual: { shape: [3], data: [1, -2, 101] }, expected: e }], tolerance: tol, axes: ['t'], what: 'hidden state' });
    expect(r.message).toMatchInlineSnapshot(`"Your hidden state differs from the reference: for a sequence of length 3 max abs error 1 (max rel error 0.01), worst at [t=2]: got 101, expected 100; 66.7% of values within tolerance. Tolerance: |error| ≤ 1.0e-4 + 0.001·|reference|."`);
    expect(r.details).toMatchObject({ cases: [{ maxAbsErr: 1, maxRelErr: 0.01, worst: [2] }] });
  });
});

describe('equivariance (relative norm, invariance, new transforms)', () => {
  const x: NumTensor = { shape: [1, 3, 2], data: [1, 2, 3, 4, 5, 6] };
  const P = permutation([2, 0, 1]);
  it('reports the relative deviation when asked', () => {
    const ok = equivariance({ fx: x, fTx: P.apply(x), outputTransform: P, tolerance: tol, relativeTolerance: 1e-4 });
    expect(ok.passed).toBe(true);
    expect(ok.message).toMatchInlineSnapshot(`"Equivariant under permutation (2 0 1) of the set elements: relative deviation ‖f(Tx) − T′f(x)‖ / ‖T′f(x)‖ = 0 (allowed 1.0e-4; largest single difference 0) over 6 compared values."`);
    const off = P.apply(x);
    off.data[0] = off.data[0]! + 1;
    const bad = equivariance({ fx: x, fTx: off, outputTransform: P, tolerance: tol, relativeTolerance: 1e-4, axes: ['n', 'i', 'd'] });
    expect(bad.passed).toBe(false);
    expect(bad.message).toMatchInlineSnapshot(`"Not equivariant under permutation (2 0 1) of the set elements: relative deviation ‖f(Tx) − T′f(x)‖ / ‖T′f(x)‖ = 0.105 (allowed 1.0e-4); largest difference 1 at [n=0, i=0, d=0]. The same weights must be applied at every position."`);
    expect(bad.details?.relativeDeviation).toBeCloseTo(1 / Math.sqrt(91));
  });
  it('invariance needs a second input for its guard', () => {
    const s: NumTensor = { shape: [1, 1], data: [3] };
    expect(() => equivariance({ fx: s, fTx: s, outputTransform: identity(), tolerance: tol })).toThrow(/fOther/);
    const ok = equivariance({ fx: s, fTx: s, fOther: { shape: [1, 1], data: [7] }, outputTransform: identity('swapping the two inputs of the pair'), tolerance: tol });
    expect(ok.passed).toBe(true);
    const ignoresInput = equivariance({ fx: s, fTx: s, fOther: s, outputTransform: identity('swapping the two inputs of the pair'), tolerance: tol });
    expect(ignoresInput.passed).toBe(false);
    expect(ignoresInput.message).toMatchInlineSnapshot(`"Your output is (nearly) constant or does not depend on the input (spread 0), so invariance under swapping the two inputs of the pair says nothing. Make the layer compute something from its input (random initial weights, not zeros)."`);
    const asym = equivariance({ fx: s, fTx: { shape: [1, 1], data: [4] }, fOther: { shape: [1, 1], data: [7] }, outputTransform: identity('swapping the two inputs of the pair'), tolerance: tol, relativeTolerance: 1e-3 });
    expect(asym.message).toMatchInlineSnapshot(`"Not invariant under swapping the two inputs of the pair: relative deviation ‖f(Tx) − f(x)‖ / ‖f(x)‖ = 0.333 (allowed 0.001); largest difference 1 at [0, 0]. The output must not depend on this change of the input."`);
  });
  it('describes each transform in words', () => {
    expect([P, swapPair(), timeShift(2, 'zero'), rotationP4(1, 4), cropTranslation(1, -2, 5, 5).outputTransform].map((t) => t.describe)).toMatchInlineSnapshot(`
[
  "permutation (2 0 1) of the set elements",
  "swapping the two inputs of the pair",
  "time shift by 2 with zero fill",
  "rotation by 90°",
  "shift by (1, -2) (crops of a larger image)",
]
`);
  });
});

describe('gradients (per-use contributions, finite differences)', () => {
  const t = (data: number[]): NumTensor => ({ shape: [data.length], data });
  const total = { W: t([3, 3]) };
  const perStep = [
    { label: 'time step 1', grads: { W: t([1, 2]) } },
    { label: 'time step 2', grads: { W: t([2, 1]) } },
  ];
  const coords: FdCoordinate[] = [
    { param: 'W', index: 0, plus: 0.5, minus: 0.3 },
    { param: 'W', index: 1, plus: -1, minus: -1.2 },
  ];
  it('passes when contributions add up and finite differences agree', () => {
    const r = gradients({
      actual: total,
      expected: total,
      tolerance: tol,
      contributions: perStep,
      expectedContributions: perStep,
      useName: 'time step',
      finiteDifferences: { coordinates: coords, losses: [{ plus: 1.6, minus: 1 }, { plus: 2, minus: 1.4 }] },
    });
    expect(r.passed).toBe(true);
    expect(r.message).toMatchInlineSnapshot(`"Gradients match autodiff for W. Your 2 contributions (one per time step) add up to the total and each matches the reference. Your gradient agrees with finite differences of your own loss on 2 random coordinates (max difference 1.3e-15)."`);
  });
  it('names the wrong time step and the disagreeing finite difference', () => {
    const wrongStep = [perStep[0]!, { label: 'time step 2', grads: { W: t([2, 2]) } }];
    const r = gradients({
      actual: total,
      expected: total,
      tolerance: tol,
      contributions: wrongStep,
      expectedContributions: perStep,
      useName: 'time step',
      finiteDifferences: { coordinates: coords, losses: [{ plus: 1.6, minus: 1 }, { plus: 1.4, minus: 1.4 }] },
    });
    expect(r.passed).toBe(false);
    expect(r.message).toMatchInlineSnapshot(`"Gradients match autodiff for W, but not everything agrees. Your contributions per time step: the 2 of them do not add up to your total gradient for "W" (off by up to 1); time step 2 is off by up to 1 for "W". Your gradient disagrees with finite differences of your own loss on 1 of 2 random coordinates: worst "W" at [1], gradient 3 but the loss changes at rate 0. Your backward pass does not match your forward pass."`);
  });
  it('keeps the autodiff wording first when the total is wrong', () => {
    const r = gradients({ actual: { W: t([1, 2]) }, expected: total, tolerance: tol, contributions: [perStep[0]!], useName: 'time step' });
    expect(r.message).toMatchInlineSnapshot(`"Gradients differ from autodiff: gradient for "W" off by up to 2 (rel 0.667). A tied weight's gradient is the sum over all its uses."`);
  });
  it('finite differences alone', () => {
    const r = finiteDifferences({ coordinates: coords, losses: [{ plus: 1.6, minus: 1 }], gradient: total });
    expect(r.message).toMatchInlineSnapshot(`"Expected 2 pairs of losses for the finite-difference test, got 1."`);
    expect(finiteDifferences({ coordinates: coords, losses: [{ plus: 1.6, minus: 1 }, { plus: 2, minus: 1.4 }], gradient: {} }).message).toMatchInlineSnapshot(`"No usable gradient for "W" to compare with finite differences."`);
  });
});

describe('trainsLikeReference (plot data)', () => {
  it('plots both loss curves', () => {
    const r = trainsLikeReference({ learnerLosses: [2, 1.4], referenceLosses: [2, 1.5], tolerance: tol, optimizer: 'Adam' });
    expect(r.plots?.[0]?.series.map((s) => s.values)).toEqual([[2, 1.4], [2, 1.5]]);
    expect(r.facts).toEqual([{ label: 'largest loss difference', value: expect.closeTo(0.1, 10) }]);
    expect(r.message).toMatchInlineSnapshot(`"Training diverges from the reference from step 1 on (worst at step 1: loss 1.4 vs 1.5). Same initial weights, data and Adam were used for both."`);
  });
  it('draws a short learner curve with gaps, on the reference steps', () => {
    const r = trainsLikeReference({ learnerLosses: [2, 1.9], referenceLosses: [2, 1.5, 1.2], tolerance: tol, optimizer: 'SGD' });
    expect(r.message).toMatchInlineSnapshot(`"Expected 3 loss values (one per SGD step), got 2."`);
    expect(r.plots?.[0]).toMatchObject({ x: [0, 1, 2], series: [{ values: [2, 1.9, null] }, { values: [2, 1.5, 1.2] }] });
  });
  it('fails when the final weights differ although the losses agree', () => {
    const w = { shape: [2], data: [1, 2] };
    const r = trainsLikeReference({ learnerLosses: [2, 1.5], referenceLosses: [2, 1.5], learnerWeights: { kernel: { shape: [2], data: [1, 3] } }, referenceWeights: { kernel: w }, tolerance: tol, optimizer: 'SGD' });
    expect(r.passed).toBe(false);
    expect(r.message).toMatchInlineSnapshot(`"The losses agree but after training "kernel" differs from the reference by up to 1."`);
  });
});

describe('optimizerStep', () => {
  const cfg = { kind: 'adamw', lr: 0.1, weightDecay: 0.01 } as const;
  const init = { W: { shape: [2], data: [1, -1] } };
  // W is used twice per step; the tied gradient is the sum of the two uses.
  const perUse = [
    [{ W: { shape: [2], data: [0.5, 0.1] } }, { W: { shape: [2], data: [0.5, -0.3] } }],
    [{ W: { shape: [2], data: [0.2, 0.2] } }, { W: { shape: [2], data: [-0.4, 0.1] } }],
  ];
  const summed = perUse.map(([a, b]) => ({ W: { shape: [2], data: a!.W.data.map((v, i) => v + b!.W.data[i]!) } }));
  const reference = referenceOptimizerSteps(cfg, init, summed);
  const perUseWrong = perUseOptimizerSteps(cfg, init, perUse);
  const optimizer = describeOptimizer(cfg);
  it('passes the reference update and describes the optimizer', () => {
    const r = optimizerStep({ learner: reference, reference, tolerance: tol, optimizer, sharedUses: { W: 2 } });
    expect(r.passed).toBe(true);
    expect(r.message).toMatchInlineSnapshot(`"Your AdamW (lr 0.1, β₁ 0.9, β₂ 0.999, ε 1.0e-8, weight decay 0.01) updates match the reference for 2 steps, including tied "W" (used 2×)."`);
  });
  it('recognises one update per use', () => {
    const alternatives = [{ label: 'per-use updates', weights: perUseWrong, hint: 'You updated W once per use: sum the gradients of its uses, then update once.' }];
    const r = optimizerStep({ learner: perUseWrong, reference, tolerance: tol, optimizer, sharedUses: { W: 2 }, alternatives });
    expect(r.passed).toBe(false);
    expect(r.details?.matchesAlternative).toBe('per-use updates');
    expect(r.message).toMatchInlineSnapshot(`"Your AdamW (lr 0.1, β₁ 0.9, β₂ 0.999, ε 1.0e-8, weight decay 0.01) update is wrong: after step 1, "W" differs from the reference by up to 0.149 (rel 0.166) at [1]: got -1.05, expected -0.899. You updated W once per use: sum the gradients of its uses, then update once."`);
  });
  it('hints at sharing for an unknown mistake on a tied parameter', () => {
    const noDecay = referenceOptimizerSteps({ kind: 'adam', lr: 0.1 }, init, summed);
    const r = optimizerStep({ learner: noDecay, reference, tolerance: tol, optimizer, sharedUses: { W: 2 } });
    expect(r.passed).toBe(false);
    expect(r.message).toMatchInlineSnapshot(`"Your AdamW (lr 0.1, β₁ 0.9, β₂ 0.999, ε 1.0e-8, weight decay 0.01) update is wrong: after step 1, "W" differs from the reference by up to 0.001 (rel 0.00111) at [0]: got 0.9, expected 0.899. "W" is used 2 times per step: did you add up its 2 gradient contributions and update it once per step, with one optimizer state for the parameter (not one per use)?"`);
  });
  it('AdamW matches a hand computation for one step', () => {
    // m̂ = g, v̂ = g² after one step, so the Adam part is lr·g/(|g|+ε) ≈ lr·sign(g).
    const [w1] = referenceOptimizerSteps(cfg, init, [{ W: { shape: [2], data: [2, -0.5] } }]);
    expect(w1!.W!.data[0]).toBeCloseTo(1 - 0.1 * 0.01 * 1 - 0.1, 6);
    expect(w1!.W!.data[1]).toBeCloseTo(-1 + 0.1 * 0.01 * 1 + 0.1, 6);
  });
});

describe('facts and plots (what the site shows beside a check)', () => {
  const x: NumTensor = { shape: [1, 4, 4, 1], data: Array.from({ length: 16 }, (_, i) => (i * 7) % 5) };
  const T = translation(1, 0, 'circular');

  it('labels each number for people; an index (the worst location) is a fact, not a plot', () => {
    const bad = equivariance({ fx: x, fTx: { ...x, data: x.data.map((v) => v * 2) }, outputTransform: T, tolerance: tol, axes: ['n', 'y', 'x', 'c'] });
    expect(bad.plots).toBeUndefined();
    expect(bad.facts).toEqual([
      { label: 'compared values', value: 16 },
      { label: 'spread of your output (largest − smallest)', value: 4 },
      { label: 'largest change of your output when the input is transformed', value: 4 },
      { label: 'largest single difference', value: 7 },
      { label: 'compared values that agree', value: '12.5%' },
      { label: 'largest difference at', value: '[n=0, y=1, x=3, c=0]' },
    ]);
    const ok = equivariance({ fx: x, fTx: T.apply(x), outputTransform: T, tolerance: tol });
    expect(ok.facts?.map((f) => f.label)).not.toContain('largest difference at');
  });

  it('every library outcome fits the results contract', () => {
    const ref: NumTensor = { shape: [1, 2, 2, 1], data: [1, 2, 3, 4] };
    const outcomes = [
      equivariance({ fx: x, fTx: T.apply(x), outputTransform: T, tolerance: tol, relativeTolerance: 1e-4 }),
      matchesReference({ cases: [{ label: 'a 2×2 image', actual: { ...ref, data: [1, 2.5, 3, 4] }, expected: ref }, { label: 'a bigger one', actual: { shape: [1], data: [0] }, expected: ref }], tolerance: tol }),
      paramCount({ declared: [{ label: '8×8', weights: expected }, { label: '11×9', weights: expected }], expected, formula }),
      trainsLikeReference({ learnerLosses: [2, 1.5], referenceLosses: [2, 1.5, 1.2], tolerance: tol, optimizer: 'SGD' }),
      gradients({ actual: { w: { shape: [2], data: [1, 1] } }, expected: { w: { shape: [2], data: [1, 2] } }, tolerance: tol }),
      finiteDifferences({ coordinates: [{ param: 'W', index: 0, plus: 0.5, minus: 0.3 }], losses: [{ plus: 1.6, minus: 1 }], gradient: { W: { shape: [1], data: [3] } } }),
      optimizerStep({ learner: [{ W: { shape: [1], data: [0.9] } }], reference: [{ W: { shape: [1], data: [0.8] } }], tolerance: tol, optimizer: 'SGD (lr 0.1)' }),
    ];
    for (const o of outcomes) {
      const parsed = checkDetailsSchema.safeParse({ facts: o.facts ?? [], plots: o.plots ?? [] });
      expect(parsed.success ? 'ok' : parsed.error.issues).toBe('ok');
      expect((o.facts?.length ?? 0) + (o.plots?.length ?? 0)).toBeGreaterThan(0);
    }
    expect(outcomes[1]!.facts).toEqual([
      { label: 'largest error for a 2×2 image', value: 0.5 },
      { label: 'largest error for a bigger one', value: 'wrong shape' },
      { label: 'inputs that match', value: '0 of 2' },
      { label: 'tolerance', value: '|error| ≤ 1.0e-4 + 0.001·|reference|' },
    ]);
  });

  it('keeps values JSON cannot carry, and over-long learner names, out of facts and plots', () => {
    expect(fact('largest change of your output for another input', Number.POSITIVE_INFINITY)).toEqual({ label: 'largest change of your output for another input', value: 'Infinity' });
    expect(fact(`your parameters at ${'x'.repeat(500)}`, 3).label).toHaveLength(RESULT_LIMITS.labelChars);
    const p = linePlot({ title: 't', xLabel: 'x', yLabel: 'y', x: [0, 1, 2], series: [{ name: 'a', values: [1, Number.NaN, Number.NEGATIVE_INFINITY] }] });
    expect(p.series[0]!.values).toEqual([1, null, null]);
    expect(checkDetailsSchema.safeParse({ facts: [], plots: [p] }).success).toBe(true);
  });
});
