// Visible checks for tied-embeddings: they run in the learner's browser on a public plan (and again
// on the server as part of the grade), so they use only the learner's own answers and public
// formulas.
import { defineVisibleChecks, gradientsCheck, paramCountCheck } from '@tyinglab/grader/checks';
import type { Plan } from './probes';

export const V = 10;
export const D = 4;

const expectedWeights = [
  { name: 'E', shape: [V, D] },
  { name: 'U', shape: [D, D] },
  { name: 'c', shape: [D] },
  { name: 'bOut', shape: [V] },
];
const formula = `V·D + D·D + D + V = ${V}·${D} + ${D}·${D} + ${D} + ${V}`;

export const BOTH_USES_HINT =
  'E is used twice — to look up the input embedding and, transposed, as the output projection — so ∂L/∂E = Xᵀ(∂L/∂e) + Gᵀh, ' +
  'with X the one-hot inputs, G = (softmax(logits) − one-hot(targets)) / N and h the hidden state.';

export default defineVisibleChecks<Plan>({
  'param-count': paramCountCheck({ expected: expectedWeights, formula, independentOf: 'batch size', owner: 'model' }),

  'gradient-self-consistent': gradientsCheck({
    against: 'own-autodiff',
    passed: 'gradients() equals tf.variableGrads of the mean cross-entropy through your own logits() for E, U, c and bOut.',
    failed: 'gradients() differs from tf.variableGrads through your own logits()',
    hint: BOTH_USES_HINT,
  }),
});
