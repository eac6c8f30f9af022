// Learner-facing wording of the check library, snapshotted so changes are reviewed.
import { equivariance } from './equivariance';
import { matchesReference } from './matches-reference';
import { paramCount } from './param-count';
import { gradients, trainsLikeReference } from './training';
import { translation } from './transforms';
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
    expect(stuck.details?.plot).toMatchObject({ series: [{ name: 'yours', y: [2, 2, 2] }, { name: 'reference', y: [2, 1.5, 1.2] }] });
  });
  it('compares gradients', () => {
    const g = { shape: [2], data: [1, 2] };
    expect(gradients({ actual: { w: g }, expected: { w: g }, tolerance: tol }).passed).toBe(true);
    const r = gradients({ actual: { w: { shape: [2], data: [1, 1] } }, expected: { w: g }, tolerance: tol });
    expect(r.passed).toBe(false);
    expect(r.message).toMatchInlineSnapshot(`"Gradients differ from autodiff: gradient for "w" off by up to 1 (rel 0.5). A tied weight's gradient is the sum over all its uses."`);
  });
});
