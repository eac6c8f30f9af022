// Visible checks for hmm-tied-emissions: they run in the learner's browser on a public plan (and
// again on the server as part of the grade), so they use only the learner's own answers: rows that
// are distributions and states that share their group's row.
import { z } from 'zod';
import { compareData, defineVisibleChecks, fmt } from '@tyinglab/grader/checks';
import type { Plan } from './probes';

export const N = 5;
export const M = 6;
export const G = 3;
/** Tolerance for "is a probability distribution" (sums and non-negativity). */
const DIST_TOL = 1e-5;

const row = (n: number) => z.array(z.number()).length(n);
export const answerSchema = z.strictObject({
  emissionCounts: z.array(row(M)).length(G),
  groupEmissions: z.array(row(M)).length(G),
  emissions: z.array(row(M)).length(N),
  transitions: z.array(row(N)).length(N),
  initial: row(N),
});

export default defineVisibleChecks<Plan>({
  distributions: (ctx) => {
    const a = ctx.learner('mStep', answerSchema);
    const problems: string[] = [];
    const checkRows = (name: string, rows: number[][], what: string) => {
      rows.forEach((r, i) => {
        const sum = r.reduce((x, y) => x + y, 0);
        const min = Math.min(...r);
        if (min < -DIST_TOL) problems.push(`${name}[${i}] has a negative entry (${fmt(min)})`);
        else if (Math.abs(sum - 1) > DIST_TOL) problems.push(`${name}[${i}] sums to ${fmt(sum)}, not 1 (${what})`);
      });
    };
    checkRows('groupEmissions', a.groupEmissions, 'divide each group’s pooled counts by their total');
    checkRows('emissions', a.emissions, 'each state uses its group’s normalised row');
    checkRows('transitions', a.transitions, 'divide by the expected number of visits to i before the last step');
    checkRows('initial', [a.initial], 'average γ₀ over the sequences');
    if (problems.length) {
      return { passed: false, message: `Not every row is a probability distribution: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}.` };
    }
    return { passed: true, message: 'All emission rows, transition rows and the initial distribution are non-negative and sum to 1.' };
  },

  'tied-rows': (ctx) => {
    const a = ctx.learner('mStep', answerSchema);
    const { groups } = ctx.plan.input;
    for (let i = 0; i < N; i++) {
      const g = groups[i]!;
      const cmp = compareData(a.emissions[i]!, a.groupEmissions[g]!, [M], { atol: 1e-6, rtol: 1e-5 });
      if (!cmp.passed) {
        const mates = groups.map((x, j) => (x === g ? j : -1)).filter((j) => j >= 0);
        return {
          passed: false,
          message:
            `emissions[${i}] differs from groupEmissions[${g}] (its group) by up to ${fmt(cmp.maxAbsErr)}. States ${mates.join(', ')} share group ${g}: ` +
            'they must have the SAME emission row, estimated once from their pooled counts, not one row per state.',
        };
      }
    }
    // Non-triviality: the groups must not all collapse to one distribution.
    const spread = Math.max(...a.groupEmissions.slice(1).map((r) => Math.max(...r.map((x, k) => Math.abs(x - a.groupEmissions[0]![k]!)))));
    if (!(spread > 1e-4)) return { passed: false, message: 'All groups have the same emission distribution: each group must be estimated from its own states’ counts.' };
    return { passed: true, message: `Every state's emission row is its group's row (groups ${JSON.stringify(groups)}), and the groups differ.` };
  },
});
