// Proves an exercise's content behaves: solution = 1, starter < 1, every wrong/ file < 1 and
// failed by the check it names, every right/ file = 1, and every mutant of the solution killed or
// recorded (mutation.ts). Used by `grader validate` and the test suite.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadExercise, loadExercises, type ExerciseDefinition } from '@tyinglab/exercise-format';
import { runVisibleChecks, type VisibleExercise, type VisibleRunOutcome } from '../browser/visible-runner';
import { visibleExerciseFor } from '../browser/visible-exercise';
import { gradeSubmission, type GradeOutcome } from '../grade/grade-submission';
import { loadTrustedExercise } from '../grade/trusted-exercise';
import { evaluateModule } from '../sandbox/ts-module';
import { mutationNotRun, mutationTest, type MutantResult, type MutationReport } from './mutation';

export interface ValidationEntry {
  exercise: string;
  file: string;
  expectation: string;
  ok: boolean;
  problem?: string;
  outcome: GradeOutcome;
  /** The in-browser runner's outcome on the public plan, where the file has a visible expectation. */
  browser?: VisibleRunOutcome;
}

export interface ValidationReport {
  ok: boolean;
  entries: ValidationEntry[];
  /** One per exercise, unless mutation testing was turned off. */
  mutation: MutationReport[];
}

export interface ValidateOptions {
  /** Mutation testing of the checks (default on; `grader validate --no-mutants` for a quick local look). */
  mutants?: boolean;
  /** Called as each file or mutant is graded (the CLI prints progress). */
  onEntry?: (e: ValidationEntry) => void;
  onMutant?: (exercise: string, r: MutantResult) => void;
}

function summarize(o: GradeOutcome): string {
  if (o.status === 'GRADED') return `score ${o.score.toFixed(3)} (failed: ${o.checks.filter((c) => !c.passed).map((c) => c.name).join(', ') || 'none'})`;
  if (o.status === 'NOT_GRADABLE') return `NOT_GRADABLE ${o.reason}: ${o.message}`;
  return `INTERNAL_ERROR ${o.reason}: ${o.message}`;
}

function summarizeBrowser(o: VisibleRunOutcome): string {
  if (o.status === 'NOT_RUNNABLE') return `browser runner: ${o.reason}: ${o.message}`;
  return `browser runner: ${o.passed}/${o.total} visible checks passed (failed: ${o.checks.filter((c) => !c.passed).map((c) => c.name).join(', ') || 'none'})`;
}

/**
 * Proves an exercise's content: graded in the sandbox, solution = 1, starter < 1, every wrong file
 * < 1 and failed by the check it names, every right file = 1. The in-browser runner (public plan,
 * no reference) must pass the solution and every right file on every visible check, and catch each
 * wrong file whose named check is visible.
 */
export async function validateExercise(def: ExerciseDefinition, seed = 'validate', onEntry?: (e: ValidationEntry) => void): Promise<ValidationEntry[]> {
  const slug = def.meta.slug;
  const read = (file: string) => readFileSync(path.join(def.dir, file), 'utf8');
  const grade = (file: string) => gradeSubmission({ exercise: def, code: read(file), seed, filename: path.basename(file) });
  const trusted = await loadTrustedExercise(def);
  const visible: VisibleExercise = visibleExerciseFor(trusted);
  const inBrowser = (file: string) =>
    runVisibleChecks({ tf: trusted.tf, exercise: visible, checks: trusted.visibleChecks, code: read(file), evaluate: evaluateModule, filename: path.basename(file) });
  const entries: ValidationEntry[] = [];

  // The solution and every right/ file: a correct program, however written, scores exactly 1.
  for (const file of ['solution.ts', ...(def.meta.right ?? []).map((r) => r.file)]) {
    const o = await grade(file);
    const browser = await inBrowser(file);
    const graded = o.status === 'GRADED' && o.score === 1;
    const browserOk = browser.status === 'CHECKED' && browser.passed === browser.total;
    // A declared leaderboard metric must be measured for every correct program, or boards show nothing.
    const metric = def.meta.leaderboardMetric;
    const metricProblem =
      graded && metric && !o.metric
        ? `the leaderboard metric "${metric.kind}" was not measured: check "${metric.check}" must return metrics["${metric.kind}"] when it passes (docs/leaderboards.md)`
        : undefined;
    entries.push({
      exercise: slug,
      file,
      expectation: `scores exactly 1, in the browser too${metric ? `, with its ${metric.kind}` : ''}`,
      ok: graded && browserOk && !metricProblem,
      outcome: o,
      browser,
      ...(graded ? (browserOk ? (metricProblem ? { problem: metricProblem } : {}) : { problem: summarizeBrowser(browser) }) : { problem: summarize(o) }),
    });
    onEntry?.(entries[entries.length - 1]!);
  }

  const starter = await grade('starter.ts');
  const starterOk = starter.status === 'GRADED' && starter.score < 1;
  entries.push({ exercise: slug, file: 'starter.ts', expectation: 'compiles and scores < 1', ok: starterOk, outcome: starter, ...(starterOk ? {} : { problem: summarize(starter) }) });
  onEntry?.(entries[entries.length - 1]!);

  for (const w of def.meta.wrong) {
    const o = await grade(w.file);
    const failedNamed = o.status === 'GRADED' && o.checks.some((c) => c.name === w.failsCheck && !c.passed);
    const ok = o.status === 'GRADED' && o.score < 1 && failedNamed;
    const isVisible = visible.checks.some((c) => c.name === w.failsCheck);
    const browser = isVisible ? await inBrowser(w.file) : undefined;
    const browserOk = !browser || browser.status === 'NOT_RUNNABLE' || browser.checks.some((c) => c.name === w.failsCheck && !c.passed);
    entries.push({
      exercise: slug,
      file: w.file,
      expectation: `scores < 1 and fails "${w.failsCheck}"${isVisible ? ', in the browser too' : ''}`,
      ok: ok && browserOk,
      outcome: o,
      ...(browser ? { browser } : {}),
      ...(ok ? (browserOk ? {} : { problem: summarizeBrowser(browser!) }) : { problem: summarize(o) }),
    });
    onEntry?.(entries[entries.length - 1]!);
  }
  return entries;
}

export async function validateExercises(slugs: string[] = [], options: ValidateOptions = {}): Promise<ValidationReport> {
  return validateDefinitions(slugs.length ? slugs.map((s) => loadExercise(s)) : loadExercises(), options);
}

/** validateExercises on loaded definitions (tests use fixtures outside exercises/). */
export async function validateDefinitions(defs: ExerciseDefinition[], { mutants = true, onEntry, onMutant }: ValidateOptions = {}): Promise<ValidationReport> {
  const entries: ValidationEntry[] = [];
  const mutation: MutationReport[] = [];
  for (const def of defs) {
    try {
      entries.push(...(await validateExercise(def, 'validate', onEntry)));
    } catch (e) {
      // Its trusted parts do not load (checks.ts and visible-checks.ts disagree…): report it and
      // go on, so one broken exercise does not hide the state of the others.
      const message = e instanceof Error ? e.message : String(e);
      const entry: ValidationEntry = { exercise: def.meta.slug, file: 'checks.ts', expectation: 'the trusted parts load', ok: false, problem: message, outcome: { status: 'INTERNAL_ERROR', reason: 'GRADER_CRASH', message, durationMs: 0 } };
      entries.push(entry);
      onEntry?.(entry);
      if (mutants) mutation.push(mutationNotRun(def.meta.slug, 'the trusted parts do not load (see above)'));
      continue;
    }
    if (!mutants) continue;
    // Against a solution that does not score 1 every mutant would be "killed": the score would lie.
    const solution = entries.find((e) => e.exercise === def.meta.slug && e.file === 'solution.ts');
    if (solution?.ok) mutation.push(await mutationTest(def, { onMutant: (r) => onMutant?.(def.meta.slug, r) }));
    else mutation.push(mutationNotRun(def.meta.slug, 'solution.ts does not score 1 (see above)'));
  }
  return { ok: entries.every((e) => e.ok) && mutation.every((m) => m.ok), entries, mutation };
}
