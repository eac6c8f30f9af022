// Visible checks for tied-embeddings: they run in the learner's browser on a public plan (and again
// on the server as part of the grade), so they use only the learner's own answers and public
// formulas.
import { z } from 'zod';
import { defineVisibleChecks, gradients, paramCount, tensorSchema, weightListSchema } from '@tyinglab/grader';
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

const declaredSchema = z.array(z.strictObject({ label: z.string(), weights: weightListSchema })).max(4);
export const gradSchema = z.record(z.string().max(200), tensorSchema({ maxSize: 1 << 12 }));

export const stripPrefix = (m: string) =>
  m.replace(/^Gradients differ from autodiff: /, '').replace(/ A tied weight's gradient is the sum over all its uses\.$/, '').replace(/\.$/, '');
export const BOTH_USES_HINT =
  'E is used twice — to look up the input embedding and, transposed, as the output projection — so ∂L/∂E = Xᵀ(∂L/∂e) + Gᵀh, ' +
  'with X the one-hot inputs, G = (softmax(logits) − one-hot(targets)) / N and h the hidden state.';

export default defineVisibleChecks<Plan>({
  'param-count': (ctx) => {
    const out = paramCount({ declared: ctx.learner('declared', declaredSchema), expected: expectedWeights, formula });
    return { ...out, message: out.message.replace("Your layer's parameters change with the input size", "Your model's parameters change with the batch size").replace('the image size', 'the batch size') };
  },

  'gradient-self-consistent': (ctx) => {
    const out = gradients({ actual: ctx.learner('manualGrad', gradSchema), expected: ctx.learner('autodiffGrad', gradSchema), tolerance: ctx.tolerance });
    if (out.passed) return { ...out, message: 'gradients() equals tf.variableGrads of the mean cross-entropy through your own logits() for E, U, c and bOut.' };
    return { ...out, message: `gradients() differs from tf.variableGrads through your own logits(): ${stripPrefix(out.message)}. ${BOTH_USES_HINT}` };
  },
});
