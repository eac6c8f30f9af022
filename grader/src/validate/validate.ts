// Proves an exercise's content behaves: solution = 1, starter < 1, every wrong/ file < 1 and
// failed by the check it names. Used by `grader validate` and the test suite.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadExercise, loadExercises, type ExerciseDefinition } from '@tyinglab/exercises';
import { gradeSubmission, type GradeOutcome } from '../grade/grade-submission';

export interface ValidationEntry {
  exercise: string;
  file: string;
  expectation: string;
  ok: boolean;
  problem?: string;
  outcome: GradeOutcome;
}

export interface ValidationReport {
  ok: boolean;
  entries: ValidationEntry[];
}

function summarize(o: GradeOutcome): string {
  if (o.status === 'GRADED') return `score ${o.score.toFixed(3)} (failed: ${o.checks.filter((c) => !c.passed).map((c) => c.name).join(', ') || 'none'})`;
  if (o.status === 'NOT_GRADABLE') return `NOT_GRADABLE ${o.reason}: ${o.message}`;
  return `INTERNAL_ERROR: ${o.message}`;
}

export async function validateExercise(def: ExerciseDefinition, seed = 'validate'): Promise<ValidationEntry[]> {
  const slug = def.meta.slug;
  const grade = (file: string) => gradeSubmission({ exercise: def, code: readFileSync(path.join(def.dir, file), 'utf8'), seed, filename: path.basename(file) });
  const entries: ValidationEntry[] = [];

  const sol = await grade('solution.ts');
  const solOk = sol.status === 'GRADED' && sol.score === 1;
  entries.push({ exercise: slug, file: 'solution.ts', expectation: 'scores exactly 1', ok: solOk, outcome: sol, ...(solOk ? {} : { problem: summarize(sol) }) });

  const starter = await grade('starter.ts');
  const starterOk = starter.status === 'GRADED' && starter.score < 1;
  entries.push({ exercise: slug, file: 'starter.ts', expectation: 'compiles and scores < 1', ok: starterOk, outcome: starter, ...(starterOk ? {} : { problem: summarize(starter) }) });

  for (const w of def.meta.wrong) {
    const o = await grade(w.file);
    const failedNamed = o.status === 'GRADED' && o.checks.some((c) => c.name === w.failsCheck && !c.passed);
    const ok = o.status === 'GRADED' && o.score < 1 && failedNamed;
    entries.push({
      exercise: slug,
      file: w.file,
      expectation: `scores < 1 and fails "${w.failsCheck}"`,
      ok,
      outcome: o,
      ...(ok ? {} : { problem: summarize(o) }),
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
