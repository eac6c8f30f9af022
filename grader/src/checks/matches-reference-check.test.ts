// matchesReferenceCheck graded end to end on a dense layer (fixture): probe-kit answers → schema →
// matchesReference → the learner-facing message.
import { initTf } from '../tf/init-tf';
import { denseContext, denseLearner, outcomeOf } from './__fixtures__/dense-layer';
import { matchesReferenceCheck } from './matches-reference-check';
import { z } from 'zod';
import { tensorSchema } from './tensor';

jest.setTimeout(60_000);
beforeAll(async () => {
  await initTf();
});

const y = tensorSchema({ rank: 2 });

describe('matchesReferenceCheck', () => {
  it('passes a correct layer', async () => {
    const out = outcomeOf(matchesReferenceCheck({ outputs: { y }, axes: ['n', 'o'] }), await denseContext(denseLearner()));
    expect(out.passed).toBe(true);
    expect(out.message).toMatchInlineSnapshot(`"Your output matches the reference (max abs error 0, tolerance |error| ≤ 1.0e-4 + 0.001·|reference|)."`);
  });

  it('fails a layer that forgets its bias, naming the worst location with the axes', async () => {
    const out = outcomeOf(matchesReferenceCheck({ outputs: { y }, axes: ['n', 'o'] }), await denseContext(denseLearner('forgets-bias')));
    expect(out.passed).toBe(false);
    expect(out.fraction).toBe(0);
    expect(out.message).toMatchInlineSnapshot(`"Your output differs from the reference: for one row max abs error 0.707 (max rel error 1.22), worst at [n=0, o=1]: got 1.31, expected 0.599; 0% of values within tolerance; for four rows max abs error 0.707 (max rel error 2.86), worst at [n=2, o=1]: got 0.46, expected -0.247; 0% of values within tolerance. Tolerance: |error| ≤ 1.0e-4 + 0.001·|reference|."`);
  });

  it('adds the hint to a failure only, and shows the hint function which entries matched', async () => {
    const seen: boolean[][] = [];
    const check = matchesReferenceCheck({
      outputs: { y },
      what: 'layer output',
      hint: (matched) => {
        seen.push(matched);
        return matched[0] ? 'One-row batches match: look at how the bias reaches every row.' : undefined;
      },
    });
    const wrong = outcomeOf(check, await denseContext(denseLearner('bias-on-first-row')));
    expect(seen).toEqual([[true, false]]);
    expect(wrong.passed).toBe(false);
    expect(wrong.fraction).toBe(0.5);
    expect(wrong.message).toMatchInlineSnapshot(`"Your layer output differs from the reference: for four rows max abs error 0.707 (max rel error 2.86), worst at [2, 1]: got 0.46, expected -0.247; 25% of values within tolerance. Tolerance: |error| ≤ 1.0e-4 + 0.001·|reference|. One-row batches match: look at how the bias reaches every row."`);
    const right = outcomeOf(check, await denseContext(denseLearner()));
    expect(right.passed).toBe(true);
    expect(seen).toHaveLength(1);
  });

  it('names each compared output of an entry with its label function', async () => {
    const check = matchesReferenceCheck({ outputs: { y: { schema: y, label: (l) => `apply(x) for ${l}` } }, hint: ' Add b to every row.' });
    const out = outcomeOf(check, await denseContext(denseLearner('forgets-bias')));
    expect(out.message).toContain('for apply(x) for one row max abs error');
    expect(out.message.endsWith('Tolerance: |error| ≤ 1.0e-4 + 0.001·|reference|. Add b to every row.')).toBe(true);
  });

  it('fails with the probe error when the layer cannot take the weights', async () => {
    const noWeights = { createDense: () => ({ weights: () => ({}), apply: (x: unknown) => x, gradients: () => ({}) }) };
    const out = outcomeOf(matchesReferenceCheck({ outputs: { y } }), await denseContext(noWeights));
    expect(out.passed).toBe(false);
    expect(out.message).toMatchInlineSnapshot(`"Your code failed during the "injected" probe: Error: weights() has no tf.Variable named "W""`);
  });
  it('compares the calls before one that threw, and names the one that threw without its error', async () => {
    // A probe that makes a sequence of calls (two instances, new weights between calls) answers
    // `{ label, y: null }` for a call that threw: the other calls still count.
    const ctx = await denseContext(denseLearner());
    const answers = ctx.learner('injected', z.array(z.object({ label: z.string(), y })));
    const check = matchesReferenceCheck({ outputs: { y }, hint: (matched) => `matched: ${matched.join(', ')}` });
    const out = outcomeOf(check, { ...ctx, learner: ((probe: string, schema: z.ZodType) => (probe === 'injected' ? schema.parse([answers[0], { label: answers[1]!.label, y: null }]) : ctx.learner(probe, schema))) as typeof ctx.learner });
    expect(out.passed).toBe(false);
    expect(out.fraction).toBe(0.5);
    expect(out.message).toMatchInlineSnapshot(`"Your output differs from the reference: for four rows your code threw an error. Tolerance: |error| ≤ 1.0e-4 + 0.001·|reference|. matched: true, false"`);
  });
});
