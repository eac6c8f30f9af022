// Trusted checks for tied-embeddings (checker zone). The plan is built here from the per-run RNG;
// the learner's answers are validated and compared with the reference solution's.
import { z } from 'zod';
import {
  defineChecks,
  gradients,
  matchesReference,
  paramCount,
  tensorSchema,
  weightListSchema,
  type NumTensor,
  type Rng,
} from '@tyinglab/grader';
import type { Plan } from './probes';

const V = 10;
const D = 4;

const randomTensor = (rng: Rng, shape: number[], std = 1): NumTensor => ({ shape, data: rng.normals(shape.reduce((a, b) => a * b, 1), std) });
const randomIds = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.int(0, V - 1));

const expectedWeights = [
  { name: 'E', shape: [V, D] },
  { name: 'U', shape: [D, D] },
  { name: 'c', shape: [D] },
  { name: 'bOut', shape: [V] },
];
const formula = `V·D + D·D + D + V = ${V}·${D} + ${D}·${D} + ${D} + ${V}`;

const declaredSchema = z.array(z.strictObject({ label: z.string(), weights: weightListSchema })).max(4);
const injectedSchema = z.array(z.strictObject({ label: z.string(), logits: tensorSchema({ rank: 2, maxSize: 1 << 12 }) })).max(4);
const gradSchema = z.record(z.string().max(200), tensorSchema({ maxSize: 1 << 12 }));

const stripPrefix = (m: string) =>
  m.replace(/^Gradients differ from autodiff: /, '').replace(/ A tied weight's gradient is the sum over all its uses\.$/, '').replace(/\.$/, '');
const BOTH_USES_HINT =
  'E is used twice — to look up the input embedding and, transposed, as the output projection — so ∂L/∂E = Xᵀ(∂L/∂e) + Gᵀh, ' +
  'with X the one-hot inputs, G = (softmax(logits) − one-hot(targets)) / N and h the hidden state.';

export default defineChecks<Plan>({
  makePlan(rng) {
    return {
      args: { vocabSize: V, embedSize: D },
      weights: { E: randomTensor(rng, [V, D], 0.6), U: randomTensor(rng, [D, D], 0.5), c: randomTensor(rng, [D], 0.2), bOut: randomTensor(rng, [V], 0.2) },
      batches: [
        { label: 'a batch of 3 tokens', tokens: randomIds(rng, 3) },
        { label: 'a batch of 7 tokens', tokens: randomIds(rng, 7) },
      ],
      grad: { tokens: randomIds(rng, 8), targets: randomIds(rng, 8) },
    };
  },
  checks: {
    'param-count': (ctx) => {
      const out = paramCount({ declared: ctx.learner('declared', declaredSchema), expected: expectedWeights, formula });
      return { ...out, message: out.message.replace("Your layer's parameters change with the input size", "Your model's parameters change with the batch size").replace('the image size', 'the batch size') };
    },

    'matches-reference': (ctx) => {
      const mine = ctx.learner('injected', injectedSchema);
      const ref = ctx.reference('injected', injectedSchema);
      return matchesReference({
        cases: ref.map((r, i) => ({ label: r.label, expected: r.logits, actual: mine[i]?.logits ?? { shape: [], data: [] } })),
        tolerance: ctx.tolerance,
        axes: ['n', 'v'],
        what: 'output (logits)',
      });
    },

    'gradient-self-consistent': (ctx) => {
      const out = gradients({ actual: ctx.learner('manualGrad', gradSchema), expected: ctx.learner('autodiffGrad', gradSchema), tolerance: ctx.tolerance });
      if (out.passed) return { ...out, message: 'gradients() equals tf.variableGrads of the mean cross-entropy through your own logits() for E, U, c and bOut.' };
      return { ...out, message: `gradients() differs from tf.variableGrads through your own logits(): ${stripPrefix(out.message)}. ${BOTH_USES_HINT}` };
    },

    'gradient-matches-reference': (ctx) => {
      const out = gradients({ actual: ctx.learner('manualGrad', gradSchema), expected: ctx.reference('autodiffGrad', gradSchema), tolerance: ctx.tolerance });
      if (out.passed) return { ...out, message: 'gradients() matches the reference autodiff: both uses of E are accounted for.' };
      return { ...out, message: `gradients() differs from the reference autodiff (same weights and tokens): ${stripPrefix(out.message)}. ${BOTH_USES_HINT}` };
    },
  },
});
