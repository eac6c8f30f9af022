// Trusted checks for hmm-tied-emissions (checker zone). makePlan draws an HMM with tied emissions,
// samples observation sequences from a different HMM and runs forward–backward (the E-step) to get
// the posteriors the learner's M-step receives. Answers are compared with the reference solution.
// The visible checks live in visible-checks.ts (shipped to the browser); the hidden ones stay here.
import type { z } from 'zod';
import { compareData, defineChecks, fmt, formatIndex, type CheckOutcome, type Rng } from '@tyinglab/grader/checks';
import type { MStepInput, Plan, Sequence } from './probes';
import visibleChecks, { M_RANGE, N_RANGE, R_RANGE, answersSchema, eachInput, groupCount, type Answer } from './visible-checks';

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

/** A value and the reference's, with as many digits as it takes to tell them apart. */
function pair(a: number, b: number): [string, string] {
  for (let p = 3; p <= 9; p++) {
    const x = a.toPrecision(p);
    const y = b.toPrecision(p);
    if (x !== y) return [String(Number(x)), String(Number(y))];
  }
  return [String(a), String(b)];
}

/** Forward–backward with per-step scaling: posteriors gamma (T × N) and xi ((T-1) × N × N). */
function posteriors(obs: number[], pi: number[], A: Mat, B: Mat): { gamma: Mat; xi: number[][][] } {
  const T = obs.length;
  const N = pi.length;
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

/** A random grouping of N states into G emission groups: every group used, at least one shared (G < N). */
function randomGroups(rng: Rng, N: number, G: number): number[] {
  const base = Array.from({ length: N }, (_, i) => (i < G ? i : rng.int(0, G - 1)));
  for (let i = base.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [base[i], base[j]] = [base[j]!, base[i]!];
  }
  return base;
}

/**
 * One M-step input with its own sizes: N states in G groups, M symbols, and sequences of the given
 * lengths sampled from a different HMM, with the posteriors forward–backward gives under the current one.
 */
function drawInput(rng: Rng, lengths: number[]): MStepInput {
  const N = rng.int(N_RANGE[0], N_RANGE[1]);
  const G = rng.int(2, N - 1);
  const M = rng.int(M_RANGE[0], M_RANGE[1]);
  const groups = randomGroups(rng, N, G);
  // The current model (whose posteriors the E-step produced) has tied emissions.
  const pi = distribution(rng, N);
  const A = Array.from({ length: N }, () => distribution(rng, N));
  const tied = Array.from({ length: G }, () => distribution(rng, M, 0.1));
  const B = groups.map((g) => tied[g]!);
  // The data come from a different HMM, so the posteriors are informative but not trivial.
  const truePi = distribution(rng, N, 0.05);
  const trueA = Array.from({ length: N }, () => distribution(rng, N, 0.05));
  const trueB = Array.from({ length: N }, () => distribution(rng, M, 0.05));
  const draw = (T: number): number[] => {
    const obs: number[] = [];
    let s = sample(rng, truePi);
    for (let t = 0; t < T; t++) {
      obs.push(sample(rng, trueB[s]!));
      s = sample(rng, trueA[s]!);
    }
    return obs;
  };
  // At least two different symbols in all: with one, every group's row would be the same one-hot
  // row, and the tied-rows check could not tell the groups apart.
  let observed = lengths.map(draw);
  while (new Set(observed.flat()).size < 2) observed = lengths.map(draw);
  const sequences: Sequence[] = observed.map((obs) => ({ obs, ...posteriors(obs, pi, A, B) }));
  return { numStates: N, numSymbols: M, groups, sequences };
}

/** Per-state expected emission counts Σ_r Σ_{t ∈ steps} γ_t(i)[o_t = k] (float64), for the hints. */
function stateCounts(input: MStepInput, steps: (t: number, T: number) => boolean = () => true): Mat {
  const S = Array.from({ length: input.numStates }, () => new Array<number>(input.numSymbols).fill(0));
  for (const { obs, gamma } of input.sequences) obs.forEach((o, t) => steps(t, obs.length) && gamma[t]!.forEach((g, i) => (S[i]![o]! += g)));
  return S;
}
const pool = (S: Mat, input: MStepInput): Mat => {
  const C = Array.from({ length: groupCount(input) }, () => new Array<number>(input.numSymbols).fill(0));
  S.forEach((r, i) => r.forEach((x, k) => (C[input.groups[i]!]![k]! += x)));
  return C;
};
const normalise = (rows: Mat): Mat => rows.map((r) => r.map((x) => x / r.reduce((a, b) => a + b, 0)));
/** The classic slip: normalise each state's counts, then average the rows of its group. */
function averageOfDistributions(input: MStepInput): Mat {
  const P = normalise(stateCounts(input));
  return Array.from({ length: groupCount(input) }, (_, g) => {
    const members = P.filter((_, i) => input.groups[i] === g);
    return P[0]!.map((_, k) => members.reduce((s, r) => s + r[k]!, 0) / members.length);
  });
}
const close = (a: Mat, b: Mat, tol: { atol: number; rtol: number }) =>
  a.length === b.length && a.every((r, i) => r.length === b[i]!.length) && compareData(a.flat(), b.flat(), [a.length, a[0]?.length ?? 0], tol).passed;

/** Matrices compared with the reference; the first failure per matrix is reported with its row/column names. */
function compareMatrices(parts: { name: string; actual: number[][]; expected: number[][]; axes: [string, string] }[], tolerance: { atol: number; rtol: number }): string[] {
  const bad: string[] = [];
  for (const p of parts) {
    const shape = [p.expected.length, p.expected[0]?.length ?? 0];
    const cmp = compareData(p.actual.flat(), p.expected.flat(), shape, tolerance);
    const where = p.axes[0] ? formatIndex(cmp.worst ?? [], p.axes) : `[${p.axes[1]}=${cmp.worst?.[1] ?? 0}]`;
    if (!cmp.passed) {
      const [got, want] = pair(cmp.worstActual, cmp.worstExpected);
      bad.push(`${p.name} differs by up to ${fmt(cmp.maxAbsErr)} at ${where} (got ${got}, expected ${want})`);
    }
  }
  return bad;
}

/**
 * A hidden comparison over both M-steps: `compare` lists what differs from the reference for one
 * input, `hint` explains it (only what applies to this learner's numbers).
 */
function hiddenCheck(
  ctx: { plan: Plan; tolerance: { atol: number; rtol: number }; learner: <T>(p: string, s: z.ZodType<T>) => T; reference: <T>(p: string, s: z.ZodType<T>) => T },
  compare: (a: Answer, r: Answer) => string[],
  hint: (a: Answer, r: Answer, input: MStepInput) => string,
  passed: string,
): CheckOutcome {
  const mine = ctx.learner('mStep', answersSchema);
  const ref = ctx.reference('mStep', answersSchema);
  let failed = 0;
  const out = eachInput(
    mine,
    ctx.plan,
    (a, input) => {
      const r = ref[ctx.plan.inputs.indexOf(input)]!;
      const bad = compare(a, r);
      if (!bad.length) return null;
      failed++;
      return `${bad.join('; ')}. ${hint(a, r, input)}`;
    },
    passed,
  );
  return out.passed ? out : { ...out, fraction: Math.max(0, 1 - failed / ctx.plan.inputs.length) };
}

export default defineChecks<Plan>({
  makePlan(rng) {
    // Every size the statement allows, in two M-steps: one with 2 to 4 sequences, one of them a
    // single symbol (no transition), and one with a single sequence (π = γ₀); lengths 3 to 12.
    const long = () => rng.int(3, 12);
    const several = [1, ...Array.from({ length: rng.int(R_RANGE[0] + 1, R_RANGE[1]) - 1 }, long)];
    return { inputs: [drawInput(rng, several), drawInput(rng, [long()])] };
  },
  checks: {
    ...visibleChecks,

    'emission-counts': (ctx) =>
      hiddenCheck(
        ctx,
        (a, r) => compareMatrices([{ name: 'emissionCounts', actual: a.emissionCounts, expected: r.emissionCounts, axes: ['group', 'symbol'] }], ctx.tolerance),
        (a, _r, input) => {
          const tol = ctx.tolerance;
          if (close(a.emissionCounts, pool(stateCounts(input, (t, T) => t < T - 1), input), tol)) return 'Your counts leave out the last time step of each sequence: emissions are counted at every t = 0 … T−1 (only transitions stop at T−2).';
          if (close(a.emissionCounts, pool(stateCounts(input, (t) => t > 0), input), tol)) return 'Your counts leave out the first time step of each sequence: emissions are counted at every t = 0 … T−1.';
          if (close(a.emissionCounts, normalise(pool(stateCounts(input), input)), tol)) return 'Your emissionCounts are normalised: return the raw pooled counts here, and the normalised rows in groupEmissions.';
          return 'emissionCounts[g][k] = Σ over sequences, time steps t = 0 … T−1 with o_t = k, and states i of group g of γ_t(i) (raw expected counts, not normalised).';
        },
        'emissionCounts match the reference in both M-steps.',
      ),

    'tied-emissions': (ctx) =>
      hiddenCheck(
        ctx,
        (a, r) =>
          compareMatrices(
            [
              { name: 'groupEmissions', actual: a.groupEmissions, expected: r.groupEmissions, axes: ['group', 'symbol'] },
              { name: 'emissions', actual: a.emissions, expected: r.emissions, axes: ['state', 'symbol'] },
            ],
            ctx.tolerance,
          ),
        (a, r, input) => {
          const tol = ctx.tolerance;
          // The averaging hint only when the learner's rows are the average of per-state distributions.
          if (close(a.groupEmissions, averageOfDistributions(input), tol)) {
            return 'Your rows are the average of each state’s own normalised distribution. Pool first, normalise once: add the expected counts of all states of a group, then divide by the group’s total (a rarely visited state must not weigh as much as a busy one).';
          }
          if (!close(a.emissionCounts, r.emissionCounts, tol)) return 'Your pooled counts are already off (see the emission-counts check): groupEmissions is each group’s row of emissionCounts divided by its total.';
          if (close(a.groupEmissions, normalise(a.emissionCounts), tol)) return 'Each state’s row in emissions must be its group’s row of groupEmissions.';
          return 'groupEmissions[g] is row g of the pooled counts divided by its total; emissions[i] = groupEmissions[groups[i]].';
        },
        'groupEmissions and emissions match the reference in both M-steps.',
      ),

    'transitions-initial': (ctx) =>
      hiddenCheck(
        ctx,
        (a, r) =>
          compareMatrices(
            [
              { name: 'transitions', actual: a.transitions, expected: r.transitions, axes: ['from', 'to'] },
              { name: 'initial', actual: [a.initial], expected: [r.initial], axes: ['', 'state'] },
            ],
            ctx.tolerance,
          ),
        (a, r, input) => {
          const R = input.sequences.length;
          const hints: string[] = [];
          if (!compareData(a.transitions.flat(), r.transitions.flat(), [a.transitions.length, input.numStates], ctx.tolerance).passed) {
            hints.push('transitions[i][j] = Σ ξ_t(i,j) / Σ γ_t(i), both sums over t = 0 … T−2 (the last step has no successor) and all sequences; a one-symbol sequence adds nothing to either.');
          }
          if (!compareData(a.initial, r.initial, [input.numStates], ctx.tolerance).passed) {
            const sumFirst = input.sequences.reduce((acc, s) => acc.map((x, i) => x + s.gamma[0]![i]!), new Array<number>(input.numStates).fill(0));
            if (R > 1 && compareData(a.initial, sumFirst, [input.numStates], ctx.tolerance).passed) hints.push(`initial must be the mean of γ₀ over the ${R} sequences, not their sum.`);
            else hints.push('initial[i] = mean over sequences of γ₀(i): the first time step only.');
          }
          return hints.join(' ');
        },
        'transitions and initial match the reference in both M-steps.',
      ),
  },
});
