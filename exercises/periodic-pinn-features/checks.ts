// Trusted checks for periodic-pinn-features (checker zone). The plan is built here from the per-run
// RNG; answers are checked for exact periodicity and compared with the reference solution. The
// visible checks live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import { compareData, defineChecks, fmt, matchesReferenceCheck, randomTensor, type NumTensor, type Rng } from '@tyinglab/grader/checks';
import type { Plan } from './probes';
import visibleChecks, { H, col, penaltySchema } from './visible-checks';

const PENALTY_TOL = { atol: 1e-6, rtol: 2e-3 };

const column = (xs: number[]): NumTensor => ({ shape: [xs.length, 1], data: xs });

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
    ...visibleChecks,

    'matches-reference': matchesReferenceCheck({ outputs: { y: col }, axes: ['point', 'u'] }),

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
