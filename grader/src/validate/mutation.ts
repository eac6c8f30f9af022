// Mutation testing of an exercise's checks (docs/check-library.md, "Mutation testing"): mutants of
// solution.ts (mutate.ts) are graded through the sandbox exactly like a learner's file, and each
// one must be killed (score < 1, or not gradable at run time) or be recorded in exercise.json.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ExerciseDefinition } from '@tyinglab/exercise-format';
import { gradeSubmission, type GradeOutcome } from '../grade/grade-submission';
import { loadTrustedExercise } from '../grade/trusted-exercise';
import { publicSeed } from '../browser/visible-exercise';
import { runProbes } from '../sandbox/probe-runner';
import { evaluateModule, transpileTs } from '../sandbox/ts-module';
import { Rng } from '../util/rng';
// Types only: mutate.ts loads the TypeScript compiler (megabytes), which the grader's main door
// (gradeSubmission, for the worker and the site) must not pay for. It is imported when used.
import type { Analysis, Mutant } from './mutate';

/** Mutants graded per exercise: enough to cover every operator, few enough for CI (about 0.3–1 s each). */
export const MUTANTS_PER_EXERCISE = 40;

export type MutantVerdict =
  /** score < 1, or NOT_GRADABLE at run time (time, memory, load error, crash): a check noticed. */
  | 'killed'
  /** score 1 and recorded as equivalent in exercise.json. */
  | 'equivalent'
  /** score 1 and recorded as pending: a known gap, counted against the score. */
  | 'pending'
  /** score 1 and not recorded: a violation. */
  | 'survived'
  /** The sandbox refused to compile it (the type check let it through): not counted. */
  | 'discarded'
  /** INTERNAL_ERROR: our bug, a violation. */
  | 'error';

export interface MutantResult {
  mutant: Mutant;
  verdict: MutantVerdict;
  /** What killed it (failed checks or the NOT_GRADABLE reason), or why it stands. */
  detail: string;
  /** The changed line, before and after. */
  diff: string;
  durationMs: number;
}

export interface MutationReport {
  exercise: string;
  /** Candidates generated, and how many of them do not type-check (never graded). */
  candidates: number;
  discarded: number;
  graded: number;
  killed: number;
  equivalent: number;
  pending: number;
  survived: number;
  /** killed / (graded − equivalent); 1 when nothing is left to kill. */
  score: number;
  results: MutantResult[];
  /** Violations: unrecorded survivors, records that no longer hold, internal errors. */
  problems: string[];
  ok: boolean;
  durationMs: number;
  /** Set when no mutant was graded, and why (the solution does not score 1, the exercise does not load). */
  notRun?: string;
}

/**
 * The value each size site takes when the solution runs every probe on the public plan (the one
 * the browser shows): the value a learner who hard-codes what they see would write. Sites that take
 * several values there are left out (hard-coding them fails the visible checks already).
 */
export async function publicSizeValues(def: ExerciseDefinition, analysis: Analysis): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!analysis.sizeSites.length) return out;
  const { instrumentSizeSites, SIZE_RECORDER_MODULE } = await import('./mutate');
  const trusted = await loadTrustedExercise(def);
  const seen = new Map<number, Set<number>>();
  const record = (i: number, v: unknown): unknown => {
    if (typeof v === 'number') {
      let s = seen.get(i);
      if (!s) seen.set(i, (s = new Set()));
      s.add(v);
    }
    return v;
  };
  const file = path.join(def.dir, 'solution.ts');
  const mod = evaluateModule(transpileTs(instrumentSizeSites(analysis.source, analysis.sizeSites), 'solution.ts'), file, {
    '@tensorflow/tfjs': trusted.tf,
    [SIZE_RECORDER_MODULE]: { record },
  });
  const plan = trusted.checks.makePlan(new Rng(publicSeed(def.meta.slug)));
  await runProbes(trusted.tf, mod, trusted.probes, plan, 'solution.ts');
  for (const [i, s] of seen) if (s.size === 1) out.set(i, [...s][0]!);
  return out;
}

function killedBy(o: GradeOutcome): string {
  if (o.status === 'GRADED') return `score ${o.score.toFixed(3)}, failed ${o.checks.filter((c) => !c.passed).map((c) => c.name).join(', ')}`;
  return `${o.status} ${o.reason}`;
}

/** The report of an exercise whose mutants were not graded, and why (a violation). */
export function mutationNotRun(exercise: string, why: string): MutationReport {
  return { exercise, candidates: 0, discarded: 0, graded: 0, killed: 0, equivalent: 0, pending: 0, survived: 0, score: 0, results: [], problems: [`mutation testing not run: ${why}`], ok: false, durationMs: 0, notRun: why };
}

/**
 * Generates, selects and grades the mutants of one exercise's solution with `seed`, then holds the
 * survivors against exercise.json's `mutants` records.
 */
export interface MutationOptions {
  seed?: string;
  max?: number;
  /** The source to mutate instead of solution.ts (tests; the reference is still solution.ts). */
  source?: string;
  onMutant?: (r: MutantResult) => void;
}

export async function mutationTest(def: ExerciseDefinition, { seed = 'validate', max = MUTANTS_PER_EXERCISE, source: given, onMutant }: MutationOptions = {}): Promise<MutationReport> {
  const t0 = performance.now();
  const slug = def.meta.slug;
  const file = path.join(def.dir, 'solution.ts');
  const source = given ?? readFileSync(file, 'utf8');
  const { analyzeSolution, mutantDiff, selectMutants } = await import('./mutate');
  const analysis = analyzeSolution(source, file);
  const problems: string[] = [];
  if (analysis.diagnostics.length) problems.push(`solution.ts does not type-check, so no mutant can be checked: ${analysis.diagnostics[0]}`);
  let sizes = new Map<number, number>();
  let runnable = analysis.diagnostics.length === 0;
  try {
    sizes = await publicSizeValues(def, analysis);
  } catch (e) {
    // The exercise's trusted parts do not load (the file entries report it too): nothing to grade.
    problems.push(`cannot run solution.ts on the public plan: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    runnable = false;
  }
  const selection = runnable ? selectMutants(analysis, analysis.candidates(sizes), max) : { selected: [], discarded: [], candidates: 0 };

  const equivalent = new Map((def.meta.mutants?.equivalent ?? []).map((r) => [r.id, r.reason]));
  const pending = new Map((def.meta.mutants?.pending ?? []).map((r) => [r.id, r.why]));
  const results: MutantResult[] = [];
  for (const m of selection.selected) {
    const o = await gradeSubmission({ exercise: def, code: m.source, seed, filename: 'mutant.ts' });
    const diff = mutantDiff(source, m);
    const survived = o.status === 'GRADED' && o.score === 1;
    let verdict: MutantVerdict;
    let detail: string;
    if (o.status === 'INTERNAL_ERROR') {
      verdict = 'error';
      detail = `INTERNAL_ERROR ${o.reason}: ${o.message.split('\n')[0]}`;
      problems.push(`mutant "${m.id}": ${detail}`);
    } else if (o.status === 'NOT_GRADABLE' && o.reason === 'COMPILE_ERROR') {
      verdict = 'discarded';
      detail = o.message;
    } else if (!survived) {
      verdict = 'killed';
      detail = killedBy(o);
      if (equivalent.has(m.id)) problems.push(`mutant "${m.id}" is recorded as equivalent but is killed (${detail}): it was not equivalent; remove the record`);
      if (pending.has(m.id)) problems.push(`mutant "${m.id}" is recorded as pending but is now killed (${detail}): remove it from "mutants.pending"`);
    } else if (equivalent.has(m.id)) {
      verdict = 'equivalent';
      detail = equivalent.get(m.id)!;
    } else if (pending.has(m.id)) {
      verdict = 'pending';
      detail = pending.get(m.id)!;
    } else {
      verdict = 'survived';
      detail = `scores 1: ${m.change}`;
      problems.push(`mutant "${m.id}" survives (${m.change}) and is not recorded in exercise.json "mutants"`);
    }
    const r: MutantResult = { mutant: m, verdict, detail, diff, durationMs: o.durationMs };
    results.push(r);
    onMutant?.(r);
  }
  const graded = new Set(selection.selected.map((m) => m.id));
  for (const id of [...equivalent.keys(), ...pending.keys()]) {
    if (!graded.has(id)) problems.push(`exercise.json "mutants" records "${id}", which is not among this run's mutants (solution.ts changed?): update or remove the record`);
  }

  const count = (v: MutantVerdict) => results.filter((r) => r.verdict === v).length;
  const killed = count('killed');
  const eq = count('equivalent');
  const counted = results.filter((r) => r.verdict !== 'discarded' && r.verdict !== 'equivalent').length;
  return {
    exercise: slug,
    candidates: selection.candidates,
    discarded: selection.discarded.length + count('discarded'),
    graded: results.filter((r) => r.verdict !== 'discarded').length,
    killed,
    equivalent: eq,
    pending: count('pending'),
    survived: count('survived'),
    score: counted === 0 ? 1 : killed / counted,
    results,
    problems,
    ok: problems.length === 0,
    durationMs: Math.round(performance.now() - t0),
  };
}
