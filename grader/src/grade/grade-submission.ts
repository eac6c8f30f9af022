// gradeSubmission: plan from a per-run seed -> learner code in a fresh sandbox child, solution in
// the trusted process -> checks compare the two. Returns one of the three outcomes.
import { randomBytes } from 'node:crypto';
import type { CheckResult, InternalErrorReason, NotGradableReason } from '@tyinglab/contract';
import { loadExercise, UnknownExerciseError, type ExerciseDefinition } from '@tyinglab/exercise-format';
import { runProbes } from '../sandbox/probe-runner';
import { runChild, type SandboxResult } from '../sandbox/runner';
import { Rng } from '../util/rng';
import { loadTrustedExercise } from './trusted-exercise';
import { InternalCheckError, runChecks } from './run-checks';
import { captureLeaderboardMetric, type SubmissionMetric } from './leaderboard-metric';
import { boundCheckResults, boundText, reduceSandboxResponse } from './learner-text';

export type GradeOutcome =
  /** `metric`: the exercise's leaderboard metric, measured by the trusted check (null when none counts). */
  | { status: 'GRADED'; score: number; checks: CheckResult[]; durationMs: number; metric?: SubmissionMetric | null }
  | { status: 'NOT_GRADABLE'; reason: NotGradableReason; message: string; durationMs: number }
  /** `message` is internal diagnostics (stack traces), never shown to learners. */
  | { status: 'INTERNAL_ERROR'; reason: InternalErrorReason; message: string; durationMs: number };

export interface GradeInput {
  exercise: ExerciseDefinition | string;
  code: string;
  /** Seed for the probe plan; random when omitted. Never sent to the sandbox. */
  seed?: string;
  /** Overrides exercise.json limits.timeMs (tests use small values). */
  timeLimitMs?: number;
  /** Shown in compile errors and stack traces. */
  filename?: string;
}

const LEARNER_FILE = 'submission.ts';

function notGradable(r: Exclude<SandboxResult, { kind: 'response' }>, timeLimitMs: number, memoryMb: number): { reason: NotGradableReason; message: string } {
  switch (r.kind) {
    case 'time_limit':
      return r.cpu
        ? { reason: 'TIME_LIMIT', message: `CPU time limit exceeded: your code computed for longer than the ${fmtSeconds(timeLimitMs)} s time limit allows (an endless loop, or far too much work?).` }
        : { reason: 'TIME_LIMIT', message: `time limit of ${fmtSeconds(timeLimitMs)} s exceeded: your code did not finish (an endless loop, or far too much work?).` };
    case 'memory_limit':
      return { reason: 'MEMORY_LIMIT', message: `memory limit of ${memoryMb} MB exceeded: your code used too much memory.` };
    case 'output_limit':
      return { reason: 'OUTPUT_LIMIT', message: 'Your code printed or returned too much data (output limit exceeded).' };
    case 'crashed':
      return { reason: 'CRASHED', message: 'Your code stopped before the grader received its answers (it crashed, or ended the process itself).' };
  }
}

const fmtSeconds = (ms: number): string => String(Number((ms / 1000).toFixed(1)));
/** Internal diagnostics are stored and logged, never shown: bounded all the same. */
const INTERNAL_MESSAGE_CHARS = 8000;

export async function gradeSubmission(input: GradeInput): Promise<GradeOutcome> {
  const t0 = performance.now();
  const elapsed = () => Math.round(performance.now() - t0);
  try {
    const def = typeof input.exercise === 'string' ? loadExercise(input.exercise) : input.exercise;
    const trusted = await loadTrustedExercise(def);
    const seed = input.seed ?? randomBytes(16).toString('hex');
    const plan = trusted.checks.makePlan(new Rng(seed));
    const timeLimitMs = input.timeLimitMs ?? def.meta.limits.timeMs;
    const filename = input.filename ?? LEARNER_FILE;

    const childRun = runChild(
      { learnerSource: input.code, learnerFilename: filename, probesSource: trusted.probesSource, plan },
      { limits: { timeLimitMs, memoryMb: def.meta.limits.memoryMb } },
    );
    // The reference runs here while the child works (2 cores: both progress).
    let reference;
    try {
      reference = await runProbes(trusted.tf, trusted.solution, trusted.probes, plan, 'solution.ts');
    } finally {
      await childRun.catch(() => undefined);
    }
    const result = await childRun;

    // A child that died before any learner code ran failed on its own: a platform fault. After
    // that, every way a run can end is the learner's (protocol.ts).
    if (result.kind === 'crashed' && !result.learnerStarted) {
      return { status: 'INTERNAL_ERROR', reason: 'SANDBOX_ERROR', message: boundText(`sandbox child died before running learner code: ${result.detail} (exit ${result.exitCode}, signal ${result.signal}); stderr: ${result.stderrTail.slice(-2000)}`, INTERNAL_MESSAGE_CHARS), durationMs: elapsed() };
    }
    if (result.kind !== 'response') {
      const ng = notGradable(result, timeLimitMs, def.meta.limits.memoryMb);
      return { status: 'NOT_GRADABLE', ...ng, durationMs: elapsed() };
    }
    if (result.response.kind === 'internal_error') {
      return { status: 'INTERNAL_ERROR', reason: 'SANDBOX_ERROR', message: boundText(`sandbox child: ${result.response.message}`, INTERNAL_MESSAGE_CHARS), durationMs: elapsed() };
    }
    const res = reduceSandboxResponse(result.response, {
      probeNames: Object.keys(trusted.probes.probes),
      plan,
      reference,
      filename,
      sourceLines: input.code.split('\n').length,
    });
    switch (res.kind) {
      case 'compile_error':
        return { status: 'NOT_GRADABLE', reason: 'COMPILE_ERROR', message: `Your code does not compile: ${res.message}`, durationMs: elapsed() };
      case 'load_error':
        return { status: 'NOT_GRADABLE', reason: 'LOAD_ERROR', message: `Your module could not be loaded: ${res.message}`, durationMs: elapsed() };
      case 'answers': {
        // The final pass: whatever a check or an exercise produced, the stored result is bounded.
        const measured = captureLeaderboardMetric(def.meta, trusted.checks);
        const checks = boundCheckResults(runChecks(def.meta, measured.checks, plan, res.probes, reference));
        const max = checks.reduce((s, c) => s + c.maxPoints, 0);
        const got = checks.reduce((s, c) => s + c.points, 0);
        const score = max > 0 ? Math.round((got / max) * 1e6) / 1e6 : 0;
        return { status: 'GRADED', score, checks, metric: measured.metricFor(checks), durationMs: elapsed() };
      }
    }
  } catch (e) {
    const msg = e instanceof InternalCheckError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
    const reason: InternalErrorReason = e instanceof InternalCheckError ? 'CHECK_ERROR' : e instanceof UnknownExerciseError ? 'EXERCISE_MISSING' : 'GRADER_CRASH';
    return { status: 'INTERNAL_ERROR', reason, message: boundText(msg, INTERNAL_MESSAGE_CHARS), durationMs: elapsed() };
  }
}
