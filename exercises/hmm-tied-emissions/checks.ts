// Trusted checks for hmm-tied-emissions (checker zone). makePlan draws an HMM with tied emissions,
// samples observation sequences from a different HMM and runs forward–backward (the E-step) to get
// the posteriors the learner's M-step receives. Answers are compared with the reference solution.
// The visible checks live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import type { z } from 'zod';
import { compareData, defineChecks, fmt, formatIndex, type CheckOutcome, type Rng } from '@tyinglab/grader/checks';
import type { Plan, Sequence } from './probes';
import visibleChecks, { G, M, N, answerSchema } from './visible-checks';

type Mat = number[][];

const distribution = (rng: Rng, n: number, floor = 0.15): number[] => {
  const raw = Array.from({ length: n }, () => floor + rng.next());
  const s = raw.reduce((a, b) => a + b, 0);
  return raw.map((x) => x / s);
};

function sample(rng: Rng, p: readonly number[]): number {
  let u = rng.next();
  for (let i = 0; i < p.length; i++) {
    u -= p[i]!;
    if (u < 0) return i;
  }
  return p.length - 1;
}

/** Forward–backward with per-step scaling: posteriors gamma (T × N) and xi ((T-1) × N × N). */
function posteriors(obs: number[], pi: number[], A: Mat, B: Mat): { gamma: Mat; xi: number[][][] } {
  const T = obs.length;
  const alpha: Mat = [];
  const scale: number[] = [];
  for (let t = 0; t < T; t++) {
    const a = Array.from({ length: N }, (_, j) => (t === 0 ? pi[j]! : alpha[t - 1]!.reduce((s, ai, i) => s + ai * A[i]![j]!, 0)) * B[j]![obs[t]!]!);
    const c = a.reduce((x, y) => x + y, 0);
    scale.push(c);
    alpha.push(a.map((x) => x / c));
  }
  const beta: Mat = Array.from({ length: T }, () => new Array<number>(N).fill(1));
  for (let t = T - 2; t >= 0; t--) {
    beta[t] = Array.from({ length: N }, (_, i) => A[i]!.reduce((s, aij, j) => s + aij * B[j]![obs[t + 1]!]! * beta[t + 1]![j]!, 0) / scale[t + 1]!);
  }
  const gamma = alpha.map((a, t) => a.map((x, i) => x * beta[t]![i]!));
  const xi = Array.from({ length: T - 1 }, (_, t) =>
    Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => (alpha[t]![i]! * A[i]![j]! * B[j]![obs[t + 1]!]! * beta[t + 1]![j]!) / scale[t + 1]!)),
  );
  return { gamma, xi };
}

/** A random grouping of the N states into G emission groups, every group used, at least one shared. */
function randomGroups(rng: Rng): number[] {
  const base = [0, 0, 1, 1, 2];
  for (let i = base.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [base[i], base[j]] = [base[j]!, base[i]!];
  }
  return base;
}

type Answer = z.infer<typeof answerSchema>;

/** Matrices compared with the reference, first failure reported with its row/column names. */
function compareMatrices(
  parts: { name: string; actual: number[][]; expected: number[][]; axes: [string, string] }[],
  tolerance: { atol: number; rtol: number },
  hint: string,
): CheckOutcome {
  const bad: string[] = [];
  let worst = 0;
  for (const p of parts) {
    const shape = [p.expected.length, p.expected[0]?.length ?? 0];
    const cmp = compareData(p.actual.flat(), p.expected.flat(), shape, tolerance);
    worst = Math.max(worst, cmp.maxAbsErr);
    const where = p.axes[0] ? formatIndex(cmp.worst ?? [], p.axes) : `[${p.axes[1]}=${cmp.worst?.[1] ?? 0}]`;
    if (!cmp.passed) bad.push(`${p.name} differs by up to ${fmt(cmp.maxAbsErr)} at ${where} (got ${fmt(cmp.worstActual)}, expected ${fmt(cmp.worstExpected)})`);
  }
  const names = parts.map((p) => p.name).join(' and ');
  if (bad.length) return { passed: false, message: `${bad.join('; ')}. ${hint}`, fraction: 1 - bad.length / parts.length };
  return { passed: true, message: `${names} match the reference (max abs error ${fmt(worst)}).` };
}

export default defineChecks<Plan>({
  makePlan(rng) {
    const groups = randomGroups(rng);
    // The current model (whose posteriors the E-step produced) has tied emissions.
    const pi = distribution(rng, N);
    const A = Array.from({ length: N }, () => distribution(rng, N));
    const tied = Array.from({ length: G }, () => distribution(rng, M, 0.1));
    const B = groups.map((g) => tied[g]!);
    // The data come from a different HMM, so the posteriors are informative but not trivial.
    const truePi = distribution(rng, N, 0.05);
    const trueA = Array.from({ length: N }, () => distribution(rng, N, 0.05));
    const trueB = Array.from({ length: N }, () => distribution(rng, M, 0.05));
    const sequences: Sequence[] = Array.from({ length: 3 }, () => {
      const T = rng.int(8, 12);
      const obs: number[] = [];
      let s = sample(rng, truePi);
      for (let t = 0; t < T; t++) {
        obs.push(sample(rng, trueB[s]!));
        s = sample(rng, trueA[s]!);
      }
      return { obs, ...posteriors(obs, pi, A, B) };
    });
    return { input: { numStates: N, numSymbols: M, groups, sequences } };
  },
  checks: {
    ...visibleChecks,

    'emission-counts': (ctx) => {
      const a = ctx.learner('mStep', answerSchema);
      const r = ctx.reference('mStep', answerSchema);
      return compareMatrices(
        [{ name: 'emissionCounts', actual: a.emissionCounts, expected: r.emissionCounts, axes: ['group', 'symbol'] }],
        ctx.tolerance,
        'emissionCounts[g][k] = Σ over sequences, time steps t with o_t = k, and states i of group g of γ_t(i) (raw expected counts, not normalised).',
      );
    },

    'tied-emissions': (ctx) => {
      const a: Answer = ctx.learner('mStep', answerSchema);
      const r: Answer = ctx.reference('mStep', answerSchema);
      return compareMatrices(
        [
          { name: 'groupEmissions', actual: a.groupEmissions, expected: r.groupEmissions, axes: ['group', 'symbol'] },
          { name: 'emissions', actual: a.emissions, expected: r.emissions, axes: ['state', 'symbol'] },
        ],
        ctx.tolerance,
        'Pool first, normalise once: add the expected counts of all states of a group, then divide by the group’s total. Averaging the states’ separately normalised rows weights a rarely visited state as much as a busy one.',
      );
    },

    'transitions-initial': (ctx) => {
      const a = ctx.learner('mStep', answerSchema);
      const r = ctx.reference('mStep', answerSchema);
      return compareMatrices(
        [
          { name: 'transitions', actual: a.transitions, expected: r.transitions, axes: ['from', 'to'] },
          { name: 'initial', actual: [a.initial], expected: [r.initial], axes: ['', 'state'] },
        ],
        ctx.tolerance,
        'transitions[i][j] = Σ ξ_t(i,j) / Σ γ_t(i) with both sums over t = 0..T−2 and all sequences; initial[i] = mean over sequences of γ₀(i) (the first time step only).',
      );
    },
  },
});
