// gradeSubmission: plan from a per-run seed -> learner code in a fresh sandbox child, solution in
// the trusted process -> checks compare the two. Returns one of the three outcomes.
import { randomBytes } from 'node:crypto';
import { loadExercise, type ExerciseDefinition } from '@tyinglab/exercise-format';
import type { CheckResult } from '../checks/types';
import { runProbes } from '../sandbox/probe-runner';
import { runChild, type SandboxResult } from '../sandbox/runner';
import { Rng } from '../util/rng';
import { loadTrustedExercise } from './trusted-exercise';
import { InternalCheckError, runChecks } from './run-checks';
import { sanitizeLearnerText } from './learner-text';

export type NotGradableReason = 'COMPILE_ERROR' | 'LOAD_ERROR' | 'TIME_LIMIT' | 'MEMORY_LIMIT' | 'OUTPUT_LIMIT' | 'CRASHED' | 'BAD_ANSWER';

export type GradeOutcome =
  | { status: 'GRADED'; score: number; checks: CheckResult[]; durationMs: number }
  | { status: 'NOT_GRADABLE'; reason: NotGradableReason; message: string; durationMs: number }
  | { status: 'INTERNAL_ERROR'; message: string; durationMs: number };

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

    if (result.kind !== 'response') {
      const ng = notGradable(result, timeLimitMs, def.meta.limits.memoryMb);
      return { status: 'NOT_GRADABLE', ...ng, durationMs: elapsed() };
    }
    const res = result.response;
    switch (res.kind) {
      case 'compile_error':
        return { status: 'NOT_GRADABLE', reason: 'COMPILE_ERROR', message: `Your code does not compile: ${sanitizeLearnerText(res.message)}`, durationMs: elapsed() };
      case 'load_error':
        return { status: 'NOT_GRADABLE', reason: 'LOAD_ERROR', message: `Your module could not be loaded: ${sanitizeLearnerText(res.message)}`, durationMs: elapsed() };
      case 'internal_error':
        return { status: 'INTERNAL_ERROR', message: `sandbox child: ${res.message}`, durationMs: elapsed() };
      case 'output_limit':
        return { status: 'NOT_GRADABLE', reason: 'OUTPUT_LIMIT', message: 'Your code returned too much data (output limit exceeded).', durationMs: elapsed() };
      case 'answers': {
        const checks = runChecks(def.meta, trusted.checks, plan, res.probes, reference);
        const max = checks.reduce((s, c) => s + c.maxPoints, 0);
        const got = checks.reduce((s, c) => s + c.points, 0);
        const score = max > 0 ? Math.round((got / max) * 1e6) / 1e6 : 0;
        return { status: 'GRADED', score, checks, durationMs: elapsed() };
      }
    }
  } catch (e) {
    const msg = e instanceof InternalCheckError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
    return { status: 'INTERNAL_ERROR', message: msg, durationMs: elapsed() };
  }
}
