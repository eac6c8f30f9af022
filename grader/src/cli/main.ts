// `grader` CLI: run one file against an exercise, validate exercise content, or start a worker.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadExercise, type ExerciseDefinition } from '@tyinglab/exercise-format';
import type { GradeOutcome } from '../grade/grade-submission';
import type { MutationReport } from '../validate/mutation';

const USAGE = `usage:
  grader run <exercise> <file.ts> [--json] [--seed S]   grade one file (sandboxed, every check)
  grader check <exercise> <file.ts> [--json]            the visible checks only, on the public plan, as the
                                                        browser runs them (in this process: your own code only)
  grader validate [exercise...] [--no-mutants]          check solution/starter/wrong/right files of exercises,
                                                        and mutation-test their checks
  grader worker [...]                                   claim and grade queued submissions`;

function printReport(o: GradeOutcome): void {
  if (o.status === 'GRADED') {
    console.log(`GRADED  score ${(o.score * 100).toFixed(1)}%  (${o.durationMs} ms)`);
    for (const c of o.checks) {
      console.log(`  ${c.passed ? 'PASS' : 'FAIL'}  ${c.name.padEnd(26)} ${String(+c.points.toFixed(2)).padStart(5)}/${c.maxPoints}  ${c.visibility.toLowerCase()}`);
      console.log(`        ${c.message}`);
    }
  } else if (o.status === 'NOT_GRADABLE') {
    console.log(`NOT_GRADABLE  ${o.reason}  (${o.durationMs} ms)\n  ${o.message}`);
  } else {
    console.log(`INTERNAL_ERROR  ${o.reason}  (${o.durationMs} ms)\n  ${o.message}`);
  }
}

/** The exercise and the learner file of `run` / `check`; null (after a message) on a usage error. */
function readInput(exercise: string, file: string): { def: ExerciseDefinition; code: string } | null {
  let def: ExerciseDefinition;
  try {
    def = loadExercise(exercise);
  } catch (e) {
    console.error(`grader: cannot load exercise "${exercise}": ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
  try {
    return { def, code: readFileSync(path.resolve(file), 'utf8') };
  } catch (e) {
    console.error(`grader: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
}

async function run(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const rest = args.filter((a) => a !== '--json');
  const seed = flag(rest, '--seed');
  const [exercise, file] = rest;
  if (!exercise || !file) {
    console.error(USAGE);
    return 2;
  }
  // Usage errors (unknown exercise, unreadable file) exit 2 before grading; once grading has
  // completed the exit code is 0 whatever the score (1 only for INTERNAL_ERROR).
  const input = readInput(exercise, file);
  if (!input) return 2;
  const { def, code } = input;
  // Loaded only now: tfjs takes a while to load, usage errors should not wait for it.
  const { gradeSubmission } = await import('../grade/grade-submission');
  const o = await gradeSubmission({ exercise: def, code, filename: path.basename(file), ...(seed ? { seed } : {}) });
  if (json) {
    const out =
      o.status === 'GRADED'
        ? { status: o.status, score: o.score, durationMs: o.durationMs, checks: o.checks.map((c) => ({ name: c.name, passed: c.passed, points: c.points, maxPoints: c.maxPoints, message: c.message })) }
        : { status: o.status, score: 0, durationMs: o.durationMs, checks: [], message: o.message, ...(o.status === 'NOT_GRADABLE' ? { reason: o.reason } : {}) };
    // The LAST stdout line is the JSON object (anything printed before it is not).
    process.stdout.write(`\n${JSON.stringify(out)}\n`);
  } else {
    printReport(o);
  }
  return o.status === 'INTERNAL_ERROR' ? 1 : 0;
}

async function check(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const [exercise, file] = args.filter((a) => a !== '--json');
  if (!exercise || !file) {
    console.error(USAGE);
    return 2;
  }
  const input = readInput(exercise, file);
  if (!input) return 2;
  const { def, code } = input;
  const [{ loadTrustedExercise }, { visibleExerciseFor }, { runVisibleChecks }, { evaluateModule }] = await Promise.all([
    import('../grade/trusted-exercise'),
    import('../browser/visible-exercise'),
    import('../browser/visible-runner'),
    import('../sandbox/ts-module'),
  ]);
  const trusted = await loadTrustedExercise(def);
  const o = await runVisibleChecks({ tf: trusted.tf, exercise: visibleExerciseFor(trusted), checks: trusted.visibleChecks, code, evaluate: evaluateModule, filename: path.basename(file) });
  if (json) {
    process.stdout.write(`\n${JSON.stringify(o)}\n`);
  } else if (o.status === 'NOT_RUNNABLE') {
    console.log(`NOT_RUNNABLE  ${o.reason}  (${o.durationMs} ms)\n  ${o.message}`);
  } else {
    console.log(`${o.passed} of ${o.total} visible checks passed  (${o.durationMs} ms; not graded: submit for your score)`);
    for (const c of o.checks) {
      console.log(`  ${c.passed ? 'PASS' : 'FAIL'}  ${c.name.padEnd(26)} ${String(+c.points.toFixed(2)).padStart(5)}/${c.maxPoints}`);
      console.log(`        ${c.message}`);
    }
  }
  return 0;
}

async function validate(args: string[]): Promise<number> {
  const t0 = Date.now();
  // --no-mutants skips mutation testing: a quick local look while editing; CI runs everything.
  const mutants = !args.includes('--no-mutants');
  const slugs = args.filter((a) => a !== '--no-mutants');
  for (const s of slugs) {
    try {
      loadExercise(s);
    } catch (e) {
      console.error(`grader: cannot load exercise "${s}": ${e instanceof Error ? e.message : String(e)}`);
      return 2;
    }
  }
  const { validateExercises } = await import('../validate/validate');
  const report = await validateExercises(slugs, {
    mutants,
    onEntry: (e) => {
      const o = e.outcome;
      const summary = o.status === 'GRADED' ? `score ${o.score.toFixed(3)}` : o.status;
      console.log(`${e.ok ? 'ok  ' : 'FAIL'}  ${e.exercise}/${e.file.padEnd(28)} ${e.expectation.padEnd(62)} ${summary} (${o.durationMs} ms)`);
      if (!e.ok) console.log(`        -> ${e.problem}`);
    },
    // Killed mutants are the normal case; everything else is printed as it happens.
    onMutant: (exercise, r) => {
      if (r.verdict === 'killed') return;
      const tag = { equivalent: 'equiv', pending: 'PENDING', survived: 'SURVIVED', discarded: 'discard', error: 'ERROR', killed: '' }[r.verdict];
      console.log(`${tag.padEnd(8)}  ${exercise} mutant ${r.mutant.id}\n          ${r.diff.replace(/\n/g, '\n          ')}\n          ${r.detail}`);
    },
  });
  const badFiles = report.entries.filter((e) => !e.ok).length;
  if (mutants) printMutationTable(report.mutation);
  const problems = report.mutation.flatMap((m) => m.problems.map((p) => `${m.exercise}: ${p}`));
  for (const p of problems) console.log(`FAIL  ${p}`);
  if (report.mutation.some((m) => m.survived > 0)) {
    console.log('\nA surviving mutant is a mistake the checks let through: make a check see it, or record it in exercise.json "mutants" —\n"equivalent" with a one-line reason only if it computes what the statement asks, else "pending" with why (docs/check-library.md#mutation-testing).');
  }
  const bad = badFiles + problems.length;
  console.log(bad ? `\n${bad} violation(s) (${Date.now() - t0} ms).` : `\nall ${report.entries.length} files behave as declared${mutants ? ', every mutant is killed or recorded' : ''} (${Date.now() - t0} ms).`);
  return bad ? 1 : 0;
}

function printMutationTable(reports: MutationReport[]): void {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const row = (cells: (string | number)[]) => cells.map((c, i) => (i === 0 ? String(c).padEnd(32) : String(c).padStart(i === 7 ? 8 : 9))).join('');
  console.log('\nMutation score = killed / (graded − equivalent); pending and surviving mutants count against it.');
  console.log(row(['exercise', 'graded', 'killed', 'equiv', 'pending', 'survived', 'discard', 'score', 'time']));
  const sum = (k: 'graded' | 'killed' | 'equivalent' | 'pending' | 'survived' | 'discarded') => reports.reduce((a, r) => a + r[k], 0);
  for (const r of reports) console.log(row([r.exercise, r.graded, r.killed, r.equivalent, r.pending, r.survived, r.discarded, r.notRun ? 'not run' : pct(r.score), `${(r.durationMs / 1000).toFixed(1)} s`]));
  const counted = sum('graded') - sum('equivalent');
  const time = reports.reduce((a, r) => a + r.durationMs, 0);
  console.log(row(['total', sum('graded'), sum('killed'), sum('equivalent'), sum('pending'), sum('survived'), sum('discarded'), pct(counted ? sum('killed') / counted : 1), `${(time / 1000).toFixed(1)} s`]));
  const pending = sum('pending');
  if (pending) console.log(`\n${pending} mutant(s) PENDING: known gaps in the checks, recorded in exercise.json "mutants.pending" and counted against the score (listed above).`);
}

async function worker(args: string[]): Promise<number> {
  // The worker loop lives in ../worker/run-worker.
  const { runWorker } = await import('../worker/run-worker');
  await runWorker(args);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...args] = argv;
  switch (cmd) {
    case 'run':
      return run(args);
    case 'check':
      return check(args);
    case 'validate':
      return validate(args);
    case 'worker':
      return worker(args);
    default:
      console.error(USAGE);
      return cmd === undefined || cmd === '--help' || cmd === 'help' ? 0 : 2;
  }
}

/**
 * Exits with `code` once stdout and stderr have handed everything to the OS. process.exit() alone
 * drops what a pipe has not taken yet (beyond its 64 KiB buffer when the reader is slower), which
 * cut `grader run --json` output short; nothing here may wait for the event loop to empty either
 * (a warm sandbox or a tfjs timer would keep it alive).
 */
export function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  // A write's callback runs after every earlier write to that stream was flushed.
  process.stdout.write('', done);
  process.stderr.write('', done);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(exitWhenFlushed, (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    exitWhenFlushed(1);
  });
}
