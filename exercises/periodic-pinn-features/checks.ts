// Trusted checks for periodic-pinn-features (checker zone). The plan is built here from the per-run
// RNG; answers are checked for exact periodicity and compared with the reference solution.
import { z } from 'zod';
import { compareData, defineChecks, fmt, matchesReference, paramCount, tensorSchema, weightListSchema, type NumTensor, type Rng } from '@tyinglab/grader';
import type { Plan } from './probes';

const H = 16;
/** |u(x + L) − u(x)| allowed: float32 rounding of x + L and of sin/cos, nothing more. */
const PERIODIC_TOL = { atol: 1e-4, rtol: 1e-4 };
/** Penalty of an exactly periodic network: only float32 round-off survives (relative to μ). */
const ZERO_PENALTY = 1e-6;
const PENALTY_TOL = { atol: 1e-6, rtol: 2e-3 };

const randomTensor = (rng: Rng, shape: number[], std = 1): NumTensor => ({ shape, data: rng.normals(shape.reduce((a, b) => a * b, 1), std) });
const column = (xs: number[]): NumTensor => ({ shape: [xs.length, 1], data: xs });

const expectedWeights = [
  { name: 'w1', shape: [2, H] },
  { name: 'b1', shape: [H] },
  { name: 'w2', shape: [H, H] },
  { name: 'b2', shape: [H] },
  { name: 'w3', shape: [H, 1] },
  { name: 'b3', shape: [1] },
];
const formula = `2H + H + H² + H + H + 1 = H² + 5H + 1 with H = ${H}`;

const col = tensorSchema({ rank: 2, maxSize: 64 });
const declaredSchema = z.array(z.strictObject({ label: z.string(), weights: weightListSchema })).max(4);
const periodicSchema = z.strictObject({ u: col, uShifted: col, u0: z.number(), uL: z.number() });
const injectedSchema = z.strictObject({ y: col });
const penaltySchema = z.strictObject({ nonPeriodic: z.number(), periodicNet: z.number() });

/**
 * A cubic whose value gap u(0) − u(L) and slope gap u'(0) − u'(L) are both of order 1, so that
 * each of the two penalty terms is clearly visible in the total.
 */
function testCubic(rng: Rng, L: number): number[] {
  for (;;) {
    const p = [rng.normal(0, 0.5), rng.normal(0, 1 / L), rng.normal(0, 1 / L ** 2), rng.normal(0, 1 / L ** 3)] as [number, number, number, number];
    const valueGap = -(p[1] * L + p[2] * L ** 2 + p[3] * L ** 3);
    const slopeGap = -(2 * p[2] * L + 3 * p[3] * L ** 2);
    const ok = (g: number) => Math.abs(g) >= 0.4 && Math.abs(g) <= 2;
    if (ok(valueGap) && ok(slopeGap)) return p;
  }
}

export default defineChecks<Plan>({
  makePlan(rng) {
    // A period that is not an integer, so a network with period 1 (2πx instead of 2πx/L) is caught.
    const period = rng.int(1, 3) + rng.uniform(0.2, 0.8);
    const xs = rng.uniforms(12, -period, 2 * period);
    return {
      args: { period, hidden: H },
      sizes: [column(rng.uniforms(5, 0, period)), column(rng.uniforms(9, 0, period))],
      periodic: { x: column(xs), xPlusL: column(xs.map((x) => x + period)) },
      injected: {
        weights: {
          w1: randomTensor(rng, [2, H], 1),
          b1: randomTensor(rng, [H], 0.5),
          w2: randomTensor(rng, [H, H], 1 / Math.sqrt(H)),
          b2: randomTensor(rng, [H], 0.3),
          w3: randomTensor(rng, [H, 1], 1 / Math.sqrt(H)),
          b3: randomTensor(rng, [1], 0.3),
        },
        x: column(rng.uniforms(10, -period, 2 * period)),
      },
      penalty: { coeffs: testCubic(rng, period), weight: rng.uniform(0.5, 2) },
    };
  },
  checks: {
    'param-count': (ctx) => paramCount({ declared: ctx.learner('declared', declaredSchema), expected: expectedWeights, formula }),

    periodicity: (ctx) => {
      const { u, uShifted, u0, uL } = ctx.learner('periodic', periodicSchema);
      const L = ctx.plan.args.period;
      if (u.data.length !== uShifted.data.length || u.shape[1] !== 1) {
        return { passed: false, message: `apply(x) must map [n, 1] to [n, 1]; got shape [${u.shape.join(', ')}] for n = ${ctx.plan.periodic.x.shape[0]}.` };
      }
      // Guard: a constant network is trivially periodic.
      const spread = Math.max(...u.data) - Math.min(...u.data);
      if (!(spread > 1e-3)) {
        return { passed: false, message: `Your network's output hardly varies over x (spread ${fmt(spread)}), so periodicity proves nothing. Initialise the weights randomly (not zeros).` };
      }
      const cmp = compareData(uShifted.data, u.data, u.shape, PERIODIC_TOL);
      const ends = Math.abs(u0 - uL);
      const details = { maxAbsErr: cmp.maxAbsErr, endGap: ends, period: L };
      if (!cmp.passed || ends > PERIODIC_TOL.atol) {
        return {
          passed: false,
          message:
            `Not periodic with period L = ${fmt(L)}: |u(x + L) − u(x)| reaches ${fmt(cmp.maxAbsErr)} over ${u.data.length} random points, and |u(0) − u(L)| = ${fmt(ends)} ` +
            `(allowed: ${fmt(PERIODIC_TOL.atol)}, float32 round-off). The network must see x only through sin(2πx/L) and cos(2πx/L) — not x itself, and not sin(2πx).`,
          details,
        };
      }
      return { passed: true, message: `u(x + L) = u(x) at ${u.data.length} random points (max deviation ${fmt(cmp.maxAbsErr)}) and |u(0) − u(L)| = ${fmt(ends)}, with your own random weights.`, details };
    },

    'matches-reference': (ctx) => {
      const mine = ctx.learner('injected', injectedSchema);
      const ref = ctx.reference('injected', injectedSchema);
      return matchesReference({ cases: [{ label: `${ref.y.shape[0]} points in [−L, 2L]`, actual: mine.y, expected: ref.y }], tolerance: ctx.tolerance, axes: ['point', 'u'] });
    },

    'penalty-sanity': (ctx) => {
      const { nonPeriodic, periodicNet } = ctx.learner('penalty', penaltySchema);
      const mu = ctx.plan.penalty.weight;
      if (nonPeriodic < 0 || periodicNet < 0) {
        return { passed: false, message: `Your penalty is negative (${fmt(Math.min(nonPeriodic, periodicNet))}). A penalty is a sum of squares of the mismatches: square the DIFFERENCE u(0) − u(L), not each end.` };
      }
      if (!(periodicNet <= ZERO_PENALTY * mu)) {
        return { passed: false, message: `For your periodic network the penalty is ${fmt(periodicNet)}, but a network with u(0) = u(L) and u'(0) = u'(L) must get (almost) 0.` };
      }
      if (!(nonPeriodic > 1e-4 * mu)) {
        return { passed: false, message: `For a smooth non-periodic function your penalty is ${fmt(nonPeriodic)}: it must be clearly positive when u(0) ≠ u(L).` };
      }
      return { passed: true, message: `Penalty ≈ 0 for your periodic network (${fmt(periodicNet)}) and ${fmt(nonPeriodic)} > 0 for a non-periodic function.` };
    },

    'penalty-matches-reference': (ctx) => {
      const mine = ctx.learner('penalty', penaltySchema);
      const ref = ctx.reference('penalty', penaltySchema);
      const cmp = compareData([mine.nonPeriodic], [ref.nonPeriodic], [1], PENALTY_TOL);
      if (!cmp.passed) {
        const ratio = mine.nonPeriodic / ref.nonPeriodic;
        return {
          passed: false,
          message:
            `For a non-periodic test function your penalty is ${fmt(mine.nonPeriodic)}, the reference ${fmt(ref.nonPeriodic)} (ratio ${fmt(ratio)}). ` +
            'Expected μ·[(u(0) − u(L))² + (u′(0) − u′(L))²]: the squared mismatch of the value plus the squared mismatch of the slope, times μ.',
        };
      }
      return { passed: true, message: `Your penalty equals the reference (${fmt(mine.nonPeriodic)}, tolerance ${fmt(PENALTY_TOL.rtol * 100)}%).` };
    },
  },
});
