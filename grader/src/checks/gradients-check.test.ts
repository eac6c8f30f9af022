// gradientsCheck graded end to end on a dense layer (fixture): the learner's hand-written
// gradients() against autodiff of their own apply() (visible) and of the reference (hidden).
import { initTf } from '../tf/init-tf';
import { denseContext, denseLearner, outcomeOf } from './__fixtures__/dense-layer';
import { gradientDifferences, gradientsCheck } from './gradients-check';
import { gradients } from './training';

jest.setTimeout(60_000);
beforeAll(async () => {
  await initTf();
});

// The probes are the default ones, "manualGrad" and "autodiffGrad".
const wording = {
  passed: 'gradients() equals autodiff for W and b.',
  failed: 'gradients() differs from autodiff through your own apply()',
  hint: 'W is used once per row, so ∂L/∂W = xᵀ·dY sums over the rows.',
};

describe('gradientsCheck', () => {
  it('passes a correct hand-written gradient, against its own autodiff and the reference', async () => {
    const ctx = await denseContext(denseLearner());
    const own = outcomeOf(gradientsCheck({ against: 'own-autodiff', ...wording }), ctx);
    const ref = outcomeOf(gradientsCheck({ against: 'reference', ...wording }), ctx);
    expect([own.passed, ref.passed]).toEqual([true, true]);
    expect(own.message).toBe('gradients() equals autodiff for W and b.');
  });

  it('fails a gradient missing half of a term: what differs, then the hint', async () => {
    const ctx = await denseContext(denseLearner('half-kernel-gradient'));
    const own = outcomeOf(gradientsCheck({ against: 'own-autodiff', ...wording }), ctx);
    expect(own.passed).toBe(false);
    expect(own.message).toMatchInlineSnapshot(`"gradients() differs from autodiff through your own apply(): gradient for "W" off by up to 2.86 (rel 0.5). W is used once per row, so ∂L/∂W = xᵀ·dY sums over the rows."`);
    const ref = outcomeOf(gradientsCheck({ against: 'reference', ...wording, failed: 'gradients() differs from the reference autodiff' }), ctx);
    expect(ref.message).toBe(own.message.replace('autodiff through your own apply()', 'the reference autodiff'));
  });

  it('never reads the reference against own autodiff (it runs in the browser), always when hidden', async () => {
    const ctx = await denseContext(denseLearner());
    const noReference = {
      ...ctx,
      reference: () => {
        throw new Error('no reference in the browser');
      },
    };
    expect(outcomeOf(gradientsCheck({ against: 'own-autodiff', ...wording }), noReference).passed).toBe(true);
    expect(() => outcomeOf(gradientsCheck({ against: 'reference', ...wording }), noReference)).toThrow('no reference in the browser');
  });

  it('compares the part `select` picks from a larger answer', async () => {
    const ctx = await denseContext(denseLearner('half-kernel-gradient'));
    const onlyBias = gradientsCheck({ against: 'reference', ...wording, select: (g) => ({ b: g.b! }) });
    expect(outcomeOf(onlyBias, ctx).passed).toBe(true);
  });

  it('gradientDifferences keeps only the differences a failed gradients() message lists', () => {
    const out = gradients({
      actual: { W: { shape: [2], data: [1, 2] } },
      expected: { W: { shape: [2], data: [1, 3] }, b: { shape: [1], data: [0] } },
      tolerance: { atol: 1e-4, rtol: 1e-3 },
    });
    expect(gradientDifferences(out.message)).toBe('gradient for "W" off by up to 1 (rel 0.333); no gradient for "b"');
  });
});
