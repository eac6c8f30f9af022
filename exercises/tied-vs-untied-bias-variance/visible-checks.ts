// Visible checks for tied-vs-untied-bias-variance: they run in the learner's browser on a public
// plan (and again on the server as part of the grade), so they use only the learner's own answers,
// the plan's data and the closed forms of the statement — never the reference.
import { z } from 'zod';
import { compareData, defineVisibleChecks, fmt, linePlot, tensorSchema, type CheckOutcome, type Plot } from '@tyinglab/grader/checks';
import type { Plan, Scenario } from './probes';

/** Groups K in the Monte-Carlo scenarios. */
export const K = 8;
/** Replications R: enough that the measured variances are within a few % of the closed forms. */
export const R = 4000;
/** The λ sweep, untied (0) to fully tied (1). */
export const LAMBDAS = [0, 0.25, 0.5, 0.75, 1];
/** Shape [R, K, n] of the small explicit data set of the estimator check. */
export const TINY: [number, number, number] = [3, 4, 5];

/** mse = bias² + variance holds exactly in real numbers; this leaves room for float32 sums. */
const IDENTITY_TOL = { atol: 1e-7, rtol: 1e-3 };
/** Monte-Carlo tolerance around the closed forms: 15% (≈ 6 standard errors of the λ = 1 variance at R = 4000) … */
const MC_RTOL = 0.15;
/** … plus 20·v/R for bias² near 0 (the Monte-Carlo mean itself is off by ≈ v/R). */
const MC_ATOL_PER_V_OVER_R = 20;

const finite = z.number().finite();
export const estimatesSchema = z.array(z.strictObject({ lambda: finite, estimate: tensorSchema({ rank: 2, maxSize: 1000 }) })).max(8);
const rowSchema = z.strictObject({ lambda: finite, bias2: finite, variance: finite, mse: finite });
export const experimentSchema = z.array(z.strictObject({ label: z.string(), rows: z.array(rowSchema).length(LAMBDAS.length) })).max(4);
export type Row = z.infer<typeof rowSchema>;

const DEFINITIONS =
  'With m_k the mean of the estimates over the replications, bias² = mean_k (m_k − θ_k)², variance = mean over r and k of (θ̂ − m_k)² (around the estimator’s own mean, not the truth, divided by R), ' +
  'MSE = mean over r and k of (θ̂ − θ_k)²; then MSE = bias² + variance exactly.';

type Quantity = 'bias2' | 'variance' | 'mse';
const QUANTITY_NAMES: Record<Quantity, string> = { bias2: 'bias²', variance: 'variance', mse: 'MSE' };

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Population spread τ² = mean_k (θ_k − θ̄)² of the true values. */
export function spread(truth: readonly number[]): number {
  const c = mean(truth);
  return mean(truth.map((t) => (t - c) ** 2));
}

/**
 * Closed forms of the statement for one scenario and λ (v = σ²/n):
 * bias² = λ²τ², variance = v·((1−λ)² + λ(2−λ)/K), mse = bias² + variance.
 */
export function closedForm(sc: Scenario, lambda: number): Record<Quantity, number> {
  const k = sc.truth.length;
  const v = (sc.sigma * sc.sigma) / sc.n;
  const bias2 = lambda * lambda * spread(sc.truth);
  const variance = v * ((1 - lambda) ** 2 + (lambda * (2 - lambda)) / k);
  return { bias2, variance, mse: bias2 + variance };
}

/** The λ minimising the closed-form MSE: v(1 − 1/K) / (τ² + v(1 − 1/K)). */
export function bestLambda(sc: Scenario): number {
  const v = (sc.sigma * sc.sigma) / sc.n;
  const a = v * (1 - 1 / sc.truth.length);
  return a / (spread(sc.truth) + a);
}

/** Float64 estimates [R][K] of the statement's formula, with the pooled mean taken over `pooledOver`. */
function expectedEstimates(samples: number[][][], lambda: number, pooledOver: 'replication' | 'everything' = 'replication'): number[][] {
  const own = samples.map((rep) => rep.map(mean));
  const all = mean(samples.flat(2));
  return own.map((row, r) => {
    const pooled = pooledOver === 'replication' ? mean(samples[r]!.flat()) : all;
    return row.map((o) => lambda * pooled + (1 - lambda) * o);
  });
}

const close = (actual: number[], expected: number[][], tol: { atol: number; rtol: number }) => compareData(actual, expected.flat(), [expected.length, expected[0]?.length ?? 0], tol).passed;

function table(rows: Row[]): string {
  const at = (l: number) => rows.find((r) => r.lambda === l);
  const u = at(0);
  const t = at(1);
  if (!u || !t) return '';
  return `untied (λ=0): bias² ${fmt(u.bias2)}, variance ${fmt(u.variance)}, MSE ${fmt(u.mse)}; tied (λ=1): bias² ${fmt(t.bias2)}, variance ${fmt(t.variance)}, MSE ${fmt(t.mse)}`;
}

export default defineVisibleChecks<Plan>({
  estimators: (ctx): CheckOutcome => {
    const got = ctx.learner('estimates', estimatesSchema);
    const { samples, lambdas } = ctx.plan.tiny;
    const [r, k, n] = TINY;
    const problems: string[] = [];
    const hints = new Set<string>();
    lambdas.forEach((lambda, i) => {
      const answer = got[i];
      if (!answer || answer.lambda !== lambda) {
        problems.push(`no estimate for λ = ${lambda}`);
        return;
      }
      const expected = expectedEstimates(samples, lambda);
      const cmp = compareData(answer.estimate.data, expected.flat(), [r, k], ctx.tolerance);
      if (cmp.passed) return;
      const [wr = 0, wk = 0] = cmp.worst ?? [];
      problems.push(`λ = ${lambda}: estimate[${wr}][${wk}] is ${fmt(cmp.worstActual)}, expected ${fmt(cmp.worstExpected)}`);
      if (close(answer.estimate.data, expectedEstimates(samples, 1 - lambda), ctx.tolerance)) {
        hints.add('Your λ is reversed: λ = 1 is the fully tied estimator (the pooled mean), λ = 0 each group’s own mean.');
      } else if (close(answer.estimate.data, expectedEstimates(samples, lambda, 'everything'), ctx.tolerance)) {
        hints.add('Your pooled mean averages over the replications too. Each replication r is a separate experiment: pool its K·n samples only (axes 1 and 2).');
      } else if (lambda === 1) {
        const row = answer.estimate.data.slice(wr * k, wr * k + k);
        if (Math.max(...row) - Math.min(...row) > 1e-4) hints.add('With λ = 1 every group of a replication must get the same value, the mean of all its K·n samples.');
      } else if (lambda === 0) {
        hints.add(`With λ = 0 each group keeps its own sample mean (1/n)·Σᵢ x[r][k][i] (n = ${n}).`);
      }
    });
    if (problems.length) {
      return {
        passed: false,
        fraction: Math.max(0, 1 - problems.length / lambdas.length),
        message: `On the ${r}×${k}×${n} data set, θ̂ = λ·pooled + (1 − λ)·own is wrong for ${problems.length} of ${lambdas.length} values of λ: ${problems.join('; ')}.${[...hints].map((h) => ` ${h}`).join('')}`,
      };
    }
    return {
      passed: true,
      message: `λ = ${lambdas.join(', ')}: own group means, the pooled mean broadcast to all groups, and their convex combination all match on the ${r}×${k}×${n} data set.`,
    };
  },

  'decomposition-identity': (ctx): CheckOutcome => {
    const got = ctx.learner('experiment', experimentSchema);
    const problems: string[] = [];
    if (got.length > 0 && got.every((s) => s.rows.every((r) => r.mse === 0))) {
      return { passed: false, message: `decompose returned MSE = 0 for every scenario and λ, but noisy estimates always have a positive mean squared error. ${DEFINITIONS}` };
    }
    for (const s of got) {
      for (const row of s.rows) {
        const where = `${s.label}, λ = ${row.lambda}`;
        if (row.bias2 < 0 || row.variance < 0) problems.push(`${where}: bias² = ${fmt(row.bias2)} and variance = ${fmt(row.variance)} must both be ≥ 0`);
        else if (!(row.mse > 0)) problems.push(`${where}: MSE is ${fmt(row.mse)}, but noisy estimates always have a positive mean squared error`);
        else {
          const sum = row.bias2 + row.variance;
          if (Math.abs(row.mse - sum) > IDENTITY_TOL.atol + IDENTITY_TOL.rtol * row.mse) {
            problems.push(`${where}: MSE ${fmt(row.mse)} but bias² + variance = ${fmt(row.bias2)} + ${fmt(row.variance)} = ${fmt(sum)}`);
          }
        }
      }
    }
    const total = got.reduce((a, s) => a + s.rows.length, 0);
    if (problems.length) {
      return {
        passed: false,
        fraction: Math.max(0, 1 - problems.length / Math.max(total, 1)),
        message:
          `${problems.length} of ${total} decompositions do not add up: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}. ` +
          DEFINITIONS,
      };
    }
    return { passed: true, message: `All ${total} decompositions (${got.length} scenarios × ${LAMBDAS.length} values of λ) are non-negative and satisfy MSE = bias² + variance.` };
  },

  'tying-tradeoff': (ctx): CheckOutcome => {
    const got = ctx.learner('experiment', experimentSchema);
    const problems: string[] = [];
    const plots: Plot[] = [];
    const summaries: string[] = [];
    const hints = new Set<string>();
    let scenariosOk = 0;
    ctx.plan.scenarios.forEach((sc, si) => {
      const before = problems.length;
      const s = got[si];
      if (!s || s.label !== sc.label) {
        problems.push(`no results for the ${sc.label} scenario`);
        return;
      }
      const v = (sc.sigma * sc.sigma) / sc.n;
      const atol = (MC_ATOL_PER_V_OVER_R * v) / sc.replications;
      // 1. Every measured number agrees with its closed form within the Monte-Carlo tolerance;
      // the worst one (relative to its tolerance) is reported.
      let worst: { excess: number; text: string } | null = null;
      for (const row of s.rows) {
        const cf = closedForm(sc, row.lambda);
        for (const q of ['variance', 'bias2', 'mse'] as const) {
          const excess = Math.abs(row[q] - cf[q]) / (MC_RTOL * cf[q] + atol);
          if (!(excess <= 1) && (worst === null || !(excess <= worst.excess))) {
            const ratio = cf[q] > 0 ? ` (${fmt(row[q] / cf[q])}× the closed form)` : '';
            worst = { excess, text: `${sc.label}, λ = ${row.lambda}: measured ${QUANTITY_NAMES[q]} ${fmt(row[q])}, closed form ${fmt(cf[q])}${ratio}` };
          }
        }
      }
      if (worst) problems.push(worst.text);
      // 2. Who wins, and why.
      const untied = s.rows.find((r) => r.lambda === 0);
      const tied = s.rows.find((r) => r.lambda === 1);
      if (!untied || !tied) {
        problems.push(`${sc.label}: the sweep must contain λ = 0 and λ = 1`);
        return;
      }
      const tau2 = spread(sc.truth);
      const tiedShouldWin = tau2 < v * (1 - 1 / K);
      if (tied.variance >= untied.variance) problems.push(`${sc.label}: the tied estimator's variance (${fmt(tied.variance)}) should be below the untied one's (${fmt(untied.variance)}): it averages K·n samples instead of n`);
      if (tied.bias2 <= untied.bias2) problems.push(`${sc.label}: the tied estimator's bias² (${fmt(tied.bias2)}) should exceed the untied one's (${fmt(untied.bias2)}): it ignores how far each θ_k is from their average`);
      // Hints for the classic slips, recognised from the untied and tied rows.
      const untiedRatio = untied.variance / closedForm(sc, 0).variance;
      const untiedOk = Math.abs(untiedRatio - 1) < 0.5;
      if (s.rows.every((r) => r.mse === 0 && r.variance === 0)) hints.add('All your numbers are 0: implement estimate and decompose first.');
      else if (Math.abs(untiedRatio - K) < 0.2 * K && Math.abs(tied.variance / closedForm(sc, 1).variance - K) < 0.2 * K) hints.add(`Your untied variance is about K = ${K} times σ²/n: average over the groups, do not sum.`);
      else if (untiedOk && tied.variance < 0.1 * closedForm(sc, 1).variance) {
        hints.add('Your tied estimator has almost no variance: measure the spread across replications (for each group), not across the groups of one replication, and pool each replication separately.');
      }
      if (untiedOk && untied.bias2 > 0.5 * tau2 && tied.bias2 < 0.1 * tau2) {
        hints.add('Your untied estimator looks biased and the tied one unbiased: compare m_k with each group’s own θ_k, not with the average of the true values.');
      }
      const tiedWins = tied.mse < untied.mse;
      if (tiedWins !== tiedShouldWin) {
        problems.push(`${sc.label}: τ² = ${fmt(tau2)} is ${tiedShouldWin ? 'below' : 'above'} v(1 − 1/K) = ${fmt(v * (1 - 1 / K))}, so the ${tiedShouldWin ? 'tied' : 'untied'} estimator should have the lower MSE, but yours gives tied ${fmt(tied.mse)} vs untied ${fmt(untied.mse)}`);
      }
      if (problems.length === before) scenariosOk++;
      summaries.push(`${sc.label} (τ² = ${fmt(tau2)}, σ²/n = ${fmt(v)}): ${table(s.rows)} — ${tiedWins ? 'tied' : 'untied'} wins; best λ* = ${fmt(bestLambda(sc))}`);
      // One curve per quantity over the λ sweep; a λ the learner did not report is a gap.
      const at = (lambda: number) => s.rows.find((r) => r.lambda === lambda);
      plots.push(
        linePlot({
          title: `The ${sc.label} scenario: error of the shrinkage estimator`,
          xLabel: 'λ (0 = untied, 1 = tied)',
          yLabel: 'squared error',
          x: LAMBDAS,
          series: [
            { name: 'your MSE', values: LAMBDAS.map((l) => at(l)?.mse ?? Number.NaN), style: 'solid' },
            { name: 'closed-form MSE', values: LAMBDAS.map((l) => closedForm(sc, l).mse), style: 'dashed' },
            { name: 'your bias²', values: LAMBDAS.map((l) => at(l)?.bias2 ?? Number.NaN), style: 'solid' },
            { name: 'your variance', values: LAMBDAS.map((l) => at(l)?.variance ?? Number.NaN), style: 'solid' },
          ],
        }),
      );
    });
    if (problems.length) {
      return {
        passed: false,
        // Credit per scenario, only where every number and every comparison is right.
        fraction: scenariosOk / ctx.plan.scenarios.length,
        plots,
        message:
          `${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}. ` +
          `Closed forms (v = σ²/n, K = ${K}): bias² = λ²τ², variance = v·((1−λ)² + λ(2−λ)/K), so σ²/n untied and σ²/(Kn) tied; ` +
          `the Monte-Carlo numbers must be within ${fmt(MC_RTOL * 100)}% (plus 20·v/R) of them.${[...hints].map((h) => ` ${h}`).join('')}`,
      };
    }
    return { passed: true, plots, message: `${summaries.join('. ')}. Every measured bias², variance and MSE is within ${fmt(MC_RTOL * 100)}% (plus 20·v/R) of its closed form.` };
  },
});
