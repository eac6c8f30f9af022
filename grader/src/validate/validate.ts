// Proves an exercise's content behaves: solution = 1, starter < 1, every wrong/ file < 1 and
// failed by the check it names. Used by `grader validate` and the test suite.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadExercise, loadExercises, type ExerciseDefinition } from '@tyinglab/exercise-format';
import { runVisibleChecks, type VisibleExercise, type VisibleRunOutcome } from '../browser/visible-runner';
import { visibleExerciseFor } from '../browser/visible-exercise';
import { gradeSubmission, type GradeOutcome } from '../grade/grade-submission';
import { loadTrustedExercise } from '../grade/trusted-exercise';
import { evaluateModule } from '../sandbox/ts-module';

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
 * < 1 and failed by the check it names. The in-browser runner (public plan, no reference) must
 * pass the solution on every visible check and catch each wrong file whose named check is visible.
 */
export async function validateExercise(def: ExerciseDefinition, seed = 'validate'): Promise<ValidationEntry[]> {
  const slug = def.meta.slug;
  const read = (file: string) => readFileSync(path.join(def.dir, file), 'utf8');
  const grade = (file: string) => gradeSubmission({ exercise: def, code: read(file), seed, filename: path.basename(file) });
  const trusted = await loadTrustedExercise(def);
  const visible: VisibleExercise = visibleExerciseFor(trusted);
  const inBrowser = (file: string) =>
    runVisibleChecks({ tf: trusted.tf, exercise: visible, checks: trusted.visibleChecks, code: read(file), evaluate: evaluateModule, filename: path.basename(file) });
  const entries: ValidationEntry[] = [];

  const sol = await grade('solution.ts');
  const solBrowser = await inBrowser('solution.ts');
  const solGraded = sol.status === 'GRADED' && sol.score === 1;
  const solBrowserOk = solBrowser.status === 'CHECKED' && solBrowser.passed === solBrowser.total;
  entries.push({
    exercise: slug,
    file: 'solution.ts',
    expectation: 'scores exactly 1, in the browser too',
    ok: solGraded && solBrowserOk,
    outcome: sol,
    browser: solBrowser,
    ...(solGraded ? (solBrowserOk ? {} : { problem: summarizeBrowser(solBrowser) }) : { problem: summarize(sol) }),
  });

  const starter = await grade('starter.ts');
  const starterOk = starter.status === 'GRADED' && starter.score < 1;
  entries.push({ exercise: slug, file: 'starter.ts', expectation: 'compiles and scores < 1', ok: starterOk, outcome: starter, ...(starterOk ? {} : { problem: summarize(starter) }) });

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
  }
  return entries;
}

export async function validateExercises(slugs: string[] = []): Promise<ValidationReport> {
  const defs = slugs.length ? slugs.map((s) => loadExercise(s)) : loadExercises();
  const entries: ValidationEntry[] = [];
  for (const def of defs) entries.push(...(await validateExercise(def)));
  return { ok: entries.every((e) => e.ok), entries };
}
