// Trusted checks for rnn-tied-bptt (checker zone). The plan is built here from the per-run RNG;
// the learner's answers are validated and compared with the reference solution's.
import { z } from 'zod';
import {
  compareData,
  defineChecks,
  fmt,
  gradients,
  matchesReference,
  paramCount,
  tensorSchema,
  weightListSchema,
  type CheckOutcome,
  type NumTensor,
  type Rng,
} from '@tyinglab/grader';
import type { Plan } from './probes';

const D = 3;
const H = 5;
const N = 2;
const LENGTHS = [4, 9];
const T_GRAD = 7;
const FD_EPS = 1e-2;
// Central differences in float32: truncation O(ε²) plus rounding of L; loose on purpose.
const FD_TOL = { atol: 3e-3, rtol: 2e-2 };
const AXES = ['n', 't', 'h'];

const randomTensor = (rng: Rng, shape: number[], std = 1): NumTensor => ({ shape, data: rng.normals(shape.reduce((a, b) => a * b, 1), std) });

const expectedWeights = [
  { name: 'Wxh', shape: [D, H] },
  { name: 'Whh', shape: [H, H] },
  { name: 'b', shape: [H] },
];
const formula = `D·H + H·H + H = ${D}·${H} + ${H}·${H} + ${H}`;

const tensor3 = tensorSchema({ rank: 3, maxSize: 1 << 12 });
const declaredSchema = z.array(z.strictObject({ label: z.string(), weights: weightListSchema })).max(4);
const injectedSchema = z.array(z.strictObject({ label: z.string(), h: tensor3 })).max(4);
const gradSchema = z.record(z.string().max(200), tensorSchema({ maxSize: 1 << 12 }));
const fdSchema = z.array(z.number()).max(64);

const BPTT_HINT =
  'Walk t from the last step back to the first: add dH_t to the gradient carried from step t+1, multiply by 1 − h_t², ' +
  'add h_{t−1}ᵀδ_t to ∂W_hh (h_0 at the first step), x_tᵀδ_t to ∂W_xh and the row sum of δ_t to ∂b, then carry δ_t W_hhᵀ back.';

/** The learner's manual gradient at a few coordinates vs central differences of their own forward. */
function finiteDifferences(manual: Record<string, NumTensor>, coords: [string, number][], fd: number[]): CheckOutcome {
  const actual = coords.map(([name, i]) => manual[name]?.data[i] ?? NaN);
  if (fd.length !== coords.length) return { passed: false, message: `Expected ${coords.length} finite differences, got ${fd.length}.` };
  const cmp = compareData(actual, fd, [coords.length], FD_TOL);
  const worst = cmp.worst?.[0] ?? 0;
  const [wName] = coords[worst]!;
  const details = { maxAbsErr: cmp.maxAbsErr, coordinates: coords.length };
  if (cmp.passed) return { passed: true, message: `agrees with central finite differences of your forward at ${coords.length} coordinates (max diff ${fmt(cmp.maxAbsErr)})`, details };
  return {
    passed: false,
    message: `disagrees with central finite differences of your forward (worst in ${wName}: ${fmt(cmp.worstActual)} vs ${fmt(cmp.worstExpected)}; ${fmt(cmp.fractionClose * 100)}% of ${coords.length} coordinates agree)`,
    details,
  };
}

export default defineChecks<Plan>({
  makePlan(rng) {
    const inputs = LENGTHS.map((T) => ({ label: `length T=${T}`, x: randomTensor(rng, [N, T, D]), h0: randomTensor(rng, [N, H], 0.5) }));
    const fdCoords: [string, number][] = [];
    for (const { name, shape } of expectedWeights) {
      const n = shape.reduce((a, b) => a * b, 1);
      const picks = name === 'Whh' ? 3 : 1;
      for (let k = 0; k < picks; k++) fdCoords.push([name, rng.int(0, n - 1)]);
    }
    return {
      args: { inputSize: D, hiddenSize: H },
      weights: { Wxh: randomTensor(rng, [D, H], 0.5), Whh: randomTensor(rng, [H, H], 0.4), b: randomTensor(rng, [H], 0.2) },
      inputs,
      grad: { x: randomTensor(rng, [N, T_GRAD, D]), h0: randomTensor(rng, [N, H], 0.5), dH: randomTensor(rng, [N, T_GRAD, H]), fdCoords, fdEps: FD_EPS },
    };
  },
  checks: {
    'param-count': (ctx) => {
      const out = paramCount({ declared: ctx.learner('declared', declaredSchema), expected: expectedWeights, formula });
      // The library speaks of images; here the probed size is the sequence length.
      return { ...out, message: out.message.replace("Your layer's parameters change with the input size", "Your RNN's parameters change with the sequence length").replace('the image size', 'the sequence length') };
    },

    'matches-reference': (ctx) => {
      const mine = ctx.learner('injected', injectedSchema);
      const ref = ctx.reference('injected', injectedSchema);
      return matchesReference({
        cases: ref.map((r, i) => ({ label: r.label, expected: r.h, actual: mine[i]?.h ?? { shape: [], data: [] } })),
        tolerance: ctx.tolerance,
        axes: AXES,
        what: 'hidden-state sequence',
      });
    },

    'gradient-self-consistent': (ctx) => {
      const manual = ctx.learner('manualGrad', gradSchema);
      const auto = ctx.learner('autodiffGrad', gradSchema);
      const fd = ctx.learner('finiteDiff', fdSchema);
      const vsAuto = gradients({ actual: manual, expected: auto, tolerance: ctx.tolerance });
      const vsFd = finiteDifferences(manual, ctx.plan.grad.fdCoords, fd);
      const details = { autodiff: vsAuto.details, finiteDifferences: vsFd.details };
      if (vsAuto.passed && vsFd.passed) {
        return { passed: true, message: `Your backward() equals tf.variableGrads through your own forward() for Wxh, Whh, b and ${vsFd.message}.`, details };
      }
      const parts = [
        vsAuto.passed ? null : `Compared with tf.variableGrads through your own forward(): ${vsAuto.message.replace(/^Gradients differ from autodiff: /, '')}`,
        vsFd.passed ? null : `Your backward() ${vsFd.message}.`,
      ].filter(Boolean);
      return { passed: false, message: `${parts.join(' ')} ${BPTT_HINT}`, details };
    },

    'gradient-matches-reference': (ctx) => {
      const manual = ctx.learner('manualGrad', gradSchema);
      const ref = ctx.reference('autodiffGrad', gradSchema);
      const out = gradients({ actual: manual, expected: ref, tolerance: ctx.tolerance });
      if (out.passed) return { ...out, message: `Your hand-written BPTT gradients match the reference autodiff for Wxh, Whh and b (T=${T_GRAD} steps).` };
      return { ...out, message: `Your backward() differs from the reference autodiff (same weights, sequence and dH): ${out.message.replace(/^Gradients differ from autodiff: /, '')} ${BPTT_HINT}` };
    },
  },
});
