// Visible checks for periodic-pinn-features: they run in the learner's browser on a public plan (and
// again on the server as part of the grade), so they use only the learner's own answers and public formulas.
import { z } from 'zod';
import { compareData, defineVisibleChecks, fmt, paramCountCheck, tensorSchema } from '@tyinglab/grader/checks';
import type { Plan } from './probes';

export const H = 16;
/** |u(x + L) − u(x)| allowed: float32 rounding of x + L and of sin/cos, nothing more. */
const PERIODIC_TOL = { atol: 1e-4, rtol: 1e-4 };
/** Penalty of an exactly periodic network: only float32 round-off survives (relative to μ). */
const ZERO_PENALTY = 1e-6;

const expectedWeights = [
  { name: 'w1', shape: [2, H] },
  { name: 'b1', shape: [H] },
  { name: 'w2', shape: [H, H] },
  { name: 'b2', shape: [H] },
  { name: 'w3', shape: [H, 1] },
  { name: 'b3', shape: [1] },
];
const formula = `2H + H + H² + H + H + 1 = H² + 5H + 1 with H = ${H}`;

export const col = tensorSchema({ rank: 2, maxSize: 64 });
const periodicSchema = z.strictObject({ u: col, uShifted: col, u0: z.number(), uL: z.number() });
export const penaltySchema = z.strictObject({ nonPeriodic: z.number(), periodicNet: z.number() });

export default defineVisibleChecks<Plan>({
  'param-count': paramCountCheck({ expected: expectedWeights, formula }),

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
});
