// Visible checks for hmm-tied-emissions: they run in the learner's browser on a public plan (and
// again on the server as part of the grade), so they use only the learner's own answers: rows that
// are distributions and states that share their group's row.
import { z } from 'zod';
import { compareData, defineVisibleChecks, fmt } from '@tyinglab/grader/checks';
import type { MStepInput, Plan } from './probes';

/** The ranges the statement gives for the drawn sizes. */
export const N_RANGE = [3, 7] as const;
export const M_RANGE = [2, 8] as const;
export const R_RANGE = [1, 4] as const;
/** Tolerance for "is a probability distribution" (sums and non-negativity). */
const DIST_TOL = 1e-5;

const row = z.array(z.number()).max(64);
const oneAnswer = z.strictObject({
  emissionCounts: z.array(row).max(64),
  groupEmissions: z.array(row).max(64),
  emissions: z.array(row).max(64),
  transitions: z.array(row).max(64),
  initial: row,
});
export const answersSchema = z.array(oneAnswer).max(4);
export type Answer = z.infer<typeof oneAnswer>;
const leaksSchema = z.strictObject({ leaked: z.number().int() });

export const groupCount = (input: MStepInput): number => Math.max(...input.groups) + 1;

/** Every returned matrix has the shape the statement gives for this input, or a sentence saying which does not. */
export function shapeProblem(a: Answer, input: MStepInput): string | null {
  const N = input.numStates;
  const M = input.numSymbols;
  const G = groupCount(input);
  const want: [string, number[][] | number[], number, number | null][] = [
    ['emissionCounts', a.emissionCounts, G, M],
    ['groupEmissions', a.groupEmissions, G, M],
    ['emissions', a.emissions, N, M],
    ['transitions', a.transitions, N, N],
    ['initial', a.initial, N, null],
  ];
  for (const [name, value, rows, cols] of want) {
    const shape = cols === null ? `${value.length}` : `${value.length} × ${(value as number[][]).map((r) => r.length).find((l) => l !== cols) ?? cols}`;
    const ok = value.length === rows && (cols === null || (value as number[][]).every((r) => r.length === cols));
    if (!ok) return `${name} has shape ${shape}, expected ${cols === null ? rows : `${rows} × ${cols}`} (N = ${N} states, G = ${G} groups, M = ${M} symbols)`;
  }
  return null;
}

/** Runs `check` on each M-step (the learner's answers in plan order); the first failure is reported with its input's sizes. */
export function eachInput(answers: Answer[], plan: Plan, check: (a: Answer, input: MStepInput) => string | null, passed: string): { passed: boolean; message: string } {
  for (const [k, input] of plan.inputs.entries()) {
    const a = answers[k];
    const where = `M-step ${k + 1} of ${plan.inputs.length} (N = ${input.numStates}, G = ${groupCount(input)}, M = ${input.numSymbols}, ${input.sequences.length} sequence${input.sequences.length > 1 ? 's' : ''})`;
    if (!a) return { passed: false, message: `No answer for ${where}.` };
    const shape = shapeProblem(a, input);
    if (shape) return { passed: false, message: `${where}: ${shape}. Read every size from the input.` };
    const problem = check(a, input);
    if (problem) return { passed: false, message: `${where}: ${problem}` };
  }
  return { passed: true, message: passed };
}

export default defineVisibleChecks<Plan>({
  distributions: (ctx) =>
    eachInput(
      ctx.learner('mStep', answersSchema),
      ctx.plan,
      (a) => {
        const problems: string[] = [];
        const checkRows = (name: string, rows: number[][], what: string) => {
          rows.forEach((r, i) => {
            const sum = r.reduce((x, y) => x + y, 0);
            const min = Math.min(...r);
            if (min < -DIST_TOL) problems.push(`${name}[${i}] has a negative entry (${fmt(min)})`);
            else if (!(Math.abs(sum - 1) <= DIST_TOL)) problems.push(`${name}[${i}] sums to ${fmt(sum)}, not 1 (${what})`);
          });
        };
        checkRows('groupEmissions', a.groupEmissions, 'divide each group’s pooled counts by their total');
        checkRows('emissions', a.emissions, 'each state uses its group’s normalised row');
        checkRows('transitions', a.transitions, 'divide by the expected number of visits to i before the last step');
        checkRows('initial', [a.initial], 'average γ₀ over the sequences');
        return problems.length ? `not every row is a probability distribution: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}.` : null;
      },
      'In both M-steps, all emission rows, transition rows and the initial distribution are non-negative and sum to 1.',
    ),

  'tied-rows': (ctx) =>
    eachInput(
      ctx.learner('mStep', answersSchema),
      ctx.plan,
      (a, input) => {
        const { groups } = input;
        for (let i = 0; i < input.numStates; i++) {
          const g = groups[i]!;
          const cmp = compareData(a.emissions[i]!, a.groupEmissions[g]!, [input.numSymbols], { atol: 1e-6, rtol: 1e-5 });
          if (!cmp.passed) {
            const mates = groups.map((x, j) => (x === g ? j : -1)).filter((j) => j >= 0);
            return (
              `emissions[${i}] differs from groupEmissions[${g}] (its group) by up to ${fmt(cmp.maxAbsErr)}. States ${mates.join(', ')} share group ${g}: ` +
              'they must have the SAME emission row, estimated once from their pooled counts, not one row per state.'
            );
          }
        }
        // Non-triviality: the groups must not all collapse to one distribution.
        const G = groupCount(input);
        const spread = Math.max(...a.groupEmissions.slice(1, G).map((r) => Math.max(...r.map((x, k) => Math.abs(x - a.groupEmissions[0]![k]!)))));
        return spread > 1e-4 ? null : 'all groups have the same emission distribution: each group must be estimated from its own states’ counts.';
      },
      'In both M-steps, every state’s emission row is its group’s row, and the groups differ.',
    ),

  'no-leaks': (ctx) => {
    const { leaked } = ctx.learner('leaks', leaksSchema);
    if (leaked > 0) return { passed: false, message: `Each call of tiedMStep leaves ${leaked} tensor${leaked > 1 ? 's' : ''} behind: wrap your tensor code in tf.tidy (or use plain arrays), so that an EM loop of many M-steps does not run out of memory.` };
    return { passed: true, message: 'tiedMStep leaves no tensors behind.' };
  },
});
