// Trusted checks for tied-vs-untied-bias-variance (checker zone). makePlan draws the true group
// values of two scenarios (true spread well below and well above the break-even σ²/n·(1 − 1/K))
// and a small explicit data set; the probes regenerate the Monte-Carlo samples from the noise seeds.
// The visible checks live in visible-checks.ts (shipped to the browser); the hidden one stays here.
import { compareData, defineChecks, fmt, type Rng } from '@tyinglab/grader/checks';
import type { Plan, Scenario } from './probes';
import visibleChecks, { K, LAMBDAS, R, TINY, experimentSchema, type Row } from './visible-checks';

const QUANTITIES = ['bias2', 'variance', 'mse'] as const;
const NAMES = { bias2: 'bias²', variance: 'variance', mse: 'MSE' } as const;

/** K true values with mean μ and population spread exactly τ² (so the closed forms use the real τ²). */
function groupValues(rng: Rng, mu: number, tau2: number): number[] {
  const z = rng.normals(K);
  const c = z.reduce((a, b) => a + b, 0) / K;
  const sd = Math.sqrt(z.reduce((a, b) => a + (b - c) ** 2, 0) / K);
  return z.map((x) => mu + (Math.sqrt(tau2) * (x - c)) / sd);
}

export default defineChecks<Plan>({
  makePlan(rng) {
    const [tr, tk, tn] = TINY;
    const tinyTruth = rng.normals(tk);
    const samples = Array.from({ length: tr }, () => tinyTruth.map((t) => Array.from({ length: tn }, () => t + rng.normal())));
    const sigma = rng.uniform(0.5, 2);
    const n = rng.int(3, 6);
    const v = (sigma * sigma) / n;
    const mu = rng.uniform(-1, 1);
    const scenario = (label: string, ratio: number): Scenario => ({
      label,
      truth: groupValues(rng, mu, ratio * v),
      sigma,
      n,
      replications: R,
      noiseSeed: rng.int(1, 2 ** 31),
    });
    return {
      // λ strictly inside (0, 0.5) so that a reversed λ cannot match by symmetry.
      tiny: { samples, lambdas: [0, Number(rng.uniform(0.2, 0.4).toFixed(2)), 1] },
      lambdas: LAMBDAS,
      // Break-even at τ² = v(1 − 1/K) ≈ 0.88·v: tied wins clearly below, untied clearly above.
      scenarios: [scenario('small spread', rng.uniform(0.05, 0.25)), scenario('large spread', rng.uniform(2.5, 6))],
    };
  },
  checks: {
    ...visibleChecks,

    'matches-reference': (ctx) => {
      const mine = ctx.learner('experiment', experimentSchema);
      const ref = ctx.reference('experiment', experimentSchema);
      const flat = (rows: Row[]) => rows.flatMap((r) => QUANTITIES.map((q) => r[q]));
      const bad: string[] = [];
      let worst = 0;
      ref.forEach((s, i) => {
        const m = mine[i];
        if (!m || m.label !== s.label || m.rows.length !== s.rows.length) {
          bad.push(`no results for the ${s.label} scenario`);
          return;
        }
        const cmp = compareData(flat(m.rows), flat(s.rows), [s.rows.length, QUANTITIES.length], ctx.tolerance);
        worst = Math.max(worst, cmp.maxRelErr);
        if (!cmp.passed) {
          const [li = 0, qi = 0] = cmp.worst ?? [];
          bad.push(`${s.label}, λ = ${s.rows[li]?.lambda}: ${NAMES[QUANTITIES[qi]!]} ${fmt(cmp.worstActual)}, reference ${fmt(cmp.worstExpected)} (${fmt(cmp.fractionClose * 100)}% of the numbers match)`);
        }
      });
      const tol = `|error| ≤ ${fmt(ctx.tolerance.atol)} + ${fmt(ctx.tolerance.rtol)}·|reference|`;
      if (bad.length) {
        return {
          passed: false,
          fraction: 1 - bad.length / ref.length,
          message: `On the same samples your decomposition differs from the reference: ${bad.join('; ')}. Tolerance ${tol}. Each term is an average over the K groups; variance and MSE are averages over the R replications too (divide by R, not R − 1).`,
        };
      }
      return { passed: true, message: `Your bias², variance and MSE match the reference on the grader's samples for every λ (max relative error ${fmt(worst)}, tolerance ${tol}).` };
    },
  },
});
