// trainsLikeReferenceCheck graded end to end on a dense layer (fixture): trainWithOptimizer in the
// probe → losses and final weights → trainsLikeReference → the learner-facing message.
import { initTf } from '../tf/init-tf';
import { denseContext, denseLearner, outcomeOf, type Plan } from './__fixtures__/dense-layer';
import { describeOptimizer } from './optimizer-step';
import { trainsLikeReferenceCheck } from './trains-like-reference-check';

jest.setTimeout(60_000);
beforeAll(async () => {
  await initTf();
});

const check = trainsLikeReferenceCheck<Plan>({ optimizer: (plan) => describeOptimizer({ kind: 'sgd', lr: plan.train.learningRate }) });

describe('trainsLikeReferenceCheck', () => {
  it('passes a correct layer, naming the optimizer from the plan', async () => {
    const out = outcomeOf(check, await denseContext(denseLearner()));
    expect(out.passed).toBe(true);
    expect(out.message).toMatchInlineSnapshot(`"Trains like the reference: 4 SGD (lr 0.1) steps, loss 3.03 → 1.99, max loss difference 0."`);
  });

  it('fails a layer whose kernel is not trainable', async () => {
    const out = outcomeOf(check, await denseContext(denseLearner('frozen-kernel')));
    expect(out.passed).toBe(false);
    expect(out.message).toMatchInlineSnapshot(`"Training diverges from the reference from step 1 on (worst at step 3: loss 2.78 vs 1.99). Same initial weights, data and SGD (lr 0.1) were used for both. After training, "W", "b" differ from the reference."`);
  });

  it('fails a layer whose bias never reaches the loss, as soon as the curves part', async () => {
    const out = outcomeOf(check, await denseContext(denseLearner('forgets-bias')));
    expect(out.passed).toBe(false);
    expect(out.message).toMatch(/^Training diverges from the reference from step 0 on/);
  });
});
