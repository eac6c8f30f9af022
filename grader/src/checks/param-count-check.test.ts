// paramCountCheck graded end to end on a dense layer (fixture): the "declared" probe's answers at
// two batch sizes → paramCount → the learner-facing message, with the exercise's own wording.
import { initTf } from '../tf/init-tf';
import { IN, OUT, denseContext, denseLearner, outcomeOf } from './__fixtures__/dense-layer';
import { paramCountCheck } from './param-count-check';

jest.setTimeout(60_000);
beforeAll(async () => {
  await initTf();
});

const expected = [
  { name: 'W', shape: [IN, OUT] },
  { name: 'b', shape: [OUT] },
];
const formula = `I·O + O = ${IN}·${OUT} + ${OUT}`;

describe('paramCountCheck', () => {
  it('passes a correct layer at both batch sizes', async () => {
    const out = outcomeOf(paramCountCheck({ expected, formula, independentOf: 'batch size', owner: 'model' }), await denseContext(denseLearner()));
    expect(out.passed).toBe(true);
    expect(out.message).toMatchInlineSnapshot(`"8 parameters (I·O + O = 3·2 + 2), the same at one row and four rows: independent of the batch size."`);
  });

  it("fails a layer whose parameters grow with the batch, in the exercise's words", async () => {
    const out = outcomeOf(paramCountCheck({ expected, formula, independentOf: 'batch size', owner: 'model' }), await denseContext(denseLearner('bias-per-row')));
    expect(out.passed).toBe(false);
    expect(out.message).toMatchInlineSnapshot(`"Your model's parameters change with the batch size (8 at one row, 14 at four rows). Tied weights do not depend on the batch size: expected 8 = I·O + O = 3·2 + 2 everywhere."`);
  });

  it('keeps the library wording without an owner or independentOf', async () => {
    const out = outcomeOf(paramCountCheck({ expected, formula }), await denseContext(denseLearner('bias-per-row')));
    expect(out.passed).toBe(false);
    expect(out.message).toMatch(/^Your layer's parameters change with the input size \(/);
  });

  it('fails a layer that declares other weights than the statement', async () => {
    const out = outcomeOf(paramCountCheck({ expected: [...expected, { name: 'scale', shape: [OUT] }], formula: 'I·O + 2·O' }), await denseContext(denseLearner()));
    expect(out.passed).toBe(false);
    expect(out.message).toMatchInlineSnapshot(`"Declared 8 parameters, expected 10 = I·O + 2·O. Problems: missing weight "scale" [2]."`);
  });
  it('reads the expected weights and formula from the plan when the sizes are drawn per run', async () => {
    // The same layer against a plan whose drawn sizes disagree with it: a count hard-coded for one
    // configuration must fail on another.
    const check = paramCountCheck<{ out: number }>({
      expected: (plan) => [{ name: 'W', shape: [IN, plan.out] }, { name: 'b', shape: [plan.out] }],
      formula: (plan) => `I·O + O = ${IN}·${plan.out} + ${plan.out}`,
    });
    const ctx = await denseContext(denseLearner());
    expect(outcomeOf(check, { ...ctx, plan: { out: OUT } }).passed).toBe(true);
    const other = outcomeOf(check, { ...ctx, plan: { out: OUT + 1 } });
    expect(other.passed).toBe(false);
    expect(other.message).toContain(`expected ${IN * (OUT + 1) + OUT + 1} = I·O + O = ${IN}·${OUT + 1} + ${OUT + 1}`);
  });
});
