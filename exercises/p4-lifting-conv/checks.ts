// Trusted checks for p4-lifting-conv (checker zone). The plan is built here from the per-run RNG;
// the learner's answers are validated and compared with the reference solution's, or (rotation
// check) with the p4 group action applied here to the learner's own output.
import { z } from 'zod';
import {
  defineChecks,
  equivariance,
  gradients,
  matchesReference,
  paramCount,
  rotationP4,
  tensorSchema,
  weightListSchema,
  type NumTensor,
  type Rng,
} from '@tyinglab/grader';
import type { Plan } from './probes';

const K = 3;
const C_IN = 2;
const C_OUT = 3;
const AXES = ['n', 'y', 'x', 'channel'];

const numel = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
const randomTensor = (rng: Rng, shape: number[], std = 1): NumTensor => ({ shape, data: rng.normals(numel(shape), std) });
const randomWeights = (rng: Rng, std: number): Record<string, NumTensor> => ({
  kernel: randomTensor(rng, [K, K, C_IN, C_OUT], std),
  bias: randomTensor(rng, [C_OUT], std),
});

const expectedWeights = [
  { name: 'kernel', shape: [K, K, C_IN, C_OUT] },
  { name: 'bias', shape: [C_OUT] },
];
const formula = `k·k·C_in·C_out + C_out = ${K}·${K}·${C_IN}·${C_OUT} + ${C_OUT} (one kernel bank; the four rotated copies add nothing)`;

const tensor = tensorSchema({ rank: 4, maxSize: 1 << 14 });
const declaredSchema = z.array(z.strictObject({ label: z.string(), weights: weightListSchema })).max(4);
const injectedSchema = z.array(z.strictObject({ label: z.string(), y: tensor })).max(4);
const rotationSchema = z.strictObject({ fx: tensor, fRotated: tensor });
const gradientSchema = z.record(z.string(), tensorSchema({ maxSize: 1 << 12 }));

const P4_HINT =
  ' Orientation r must use the kernel rotated r·90° counter-clockwise (rot(A)[i, j] = A[j, k−1−i], i.e. ' +
  'tf.reverse(tf.transpose(A, [1, 0, 2, 3]), [0]) applied r times), and output channel f·4 + r must hold feature f at orientation r.';

export default defineChecks<Plan>({
  makePlan(rng) {
    const x = randomTensor(rng, [2, 8, 8, C_IN]);
    return {
      args: { inChannels: C_IN, outChannels: C_OUT, kernelSize: K },
      weights: randomWeights(rng, 0.5),
      inputs: [
        { label: 'a 2×7×7 batch', x: randomTensor(rng, [2, 7, 7, C_IN]) },
        { label: 'a 1×6×9 batch', x: randomTensor(rng, [1, 6, 9, C_IN]) },
      ],
      rotation: { weights: randomWeights(rng, 0.5), x, rotated: rotationP4(1, 1).apply(x) },
      gradient: { weights: randomWeights(rng, 0.5), x: randomTensor(rng, [2, 6, 6, C_IN]), upstream: randomTensor(rng, [2, 6, 6, C_OUT * 4]) },
    };
  },
  checks: {
    'param-count': (ctx) =>
      paramCount({ declared: ctx.learner('declared', declaredSchema), expected: expectedWeights, formula }),

    'matches-reference': (ctx) => {
      const mine = ctx.learner('injected', injectedSchema);
      const ref = ctx.reference('injected', injectedSchema);
      const out = matchesReference({
        cases: ref.map((r, i) => ({ label: r.label, expected: r.y, actual: mine[i]?.y ?? { shape: [], data: [] } })),
        tolerance: ctx.tolerance,
        axes: AXES,
      });
      return out.passed ? out : { ...out, message: out.message + P4_HINT };
    },

    'p4-equivariance': (ctx) => {
      const { fx, fRotated } = ctx.learner('rotation', rotationSchema);
      // 'same' zero padding with an odd kernel on a square image commutes with 90° rotations
      // exactly, so every output value is compared (no border margin).
      const out = equivariance({ fx, fTx: fRotated, outputTransform: rotationP4(1, 4), tolerance: ctx.tolerance, axes: AXES });
      if (out.passed) {
        return { ...out, message: `${out.message} Rotating the image rotates every feature map and moves orientation r to r+1 (mod 4).` };
      }
      return { ...out, message: out.message.replace(' The same weights must be applied at every position.', '') + P4_HINT };
    },

    'gradient-through-rotations': (ctx) => {
      const mine = ctx.learner('gradient', gradientSchema);
      const ref = ctx.reference('gradient', gradientSchema);
      const out = gradients({ actual: mine, expected: ref, tolerance: ctx.tolerance });
      if (out.passed) return { ...out, message: `${out.message} The kernel's gradient collects the contributions of all four rotated copies.` };
      return {
        ...out,
        message: `${out.message} Build the rotated copies from the kernel variable with tf operations inside apply(), so each copy passes its gradient back (rotated back) to the one kernel.`,
      };
    },
  },
});
