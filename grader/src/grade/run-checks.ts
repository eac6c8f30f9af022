// Turns validated probe answers into CheckResults. A malformed or missing learner answer fails
// only the check that needed it; a failing reference is our bug (InternalCheckError).
import { sanitizeLearnerText } from './learner-text';
import type { ExerciseMeta } from '@tyinglab/exercise-format';
import type { z } from 'zod';
import { AnswerError, type CheckContext, type CheckOutcome, type CheckResult, type ExerciseChecks } from '../checks/types';
import type { ProbeAnswers } from '../sandbox/protocol';

export class InternalCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InternalCheckError';
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : 'the answer';
  if (issue.code === 'invalid_type' && issue.expected === 'number') return `${where} is not a finite number (NaN or Infinity?)`;
  return `${where}: ${issue.message}`;
}

export function validated<T>(answers: ProbeAnswers, probe: string, schema: z.ZodType<T>, side: 'learner' | 'reference'): T {
  const a = answers[probe];
  const fail = (msg: string): never => {
    if (side === 'reference') throw new InternalCheckError(`reference answer for probe "${probe}": ${msg}`);
    throw new AnswerError(msg);
  };
  if (!a) return fail(`The grader got no answer from the "${probe}" probe.`);
  if (!a.ok) return fail(`Your code failed during the "${probe}" probe: ${sanitizeLearnerText(a.error)}`);
  const parsed = schema.safeParse(a.value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 2).map(describeIssue).join('; ');
    return fail(`Your code returned unusable values in the "${probe}" probe: ${issues}.`);
  }
  return parsed.data;
}

export function runChecks(meta: ExerciseMeta, checks: ExerciseChecks<unknown>, plan: unknown, learner: ProbeAnswers, reference: ProbeAnswers): CheckResult[] {
  const ctx: CheckContext<unknown> = {
    plan,
    tolerance: meta.tolerance,
    learner: (probe, schema) => validated(learner, probe, schema, 'learner'),
    reference: (probe, schema) => validated(reference, probe, schema, 'reference'),
  };
  return meta.checks.map((c) => evaluateCheck(c, () => checks.checks[c.name]!(ctx)));
}

/**
 * Runs one check function and turns its outcome into a CheckResult (points from exercise.json).
 * AnswerError means the learner's answer was unusable: a failed check. Anything else is our bug.
 */
export function evaluateCheck(c: ExerciseMeta['checks'][number], run: () => CheckOutcome): CheckResult {
  const base = { name: c.name, title: c.title, maxPoints: c.points, visibility: c.visibility === 'visible' ? 'VISIBLE' : 'HIDDEN' } as const;
  try {
    const out = run();
    const fraction = Math.min(1, Math.max(0, out.fraction ?? (out.passed ? 1 : 0)));
    const result: CheckResult = { ...base, points: c.points * fraction, passed: out.passed, message: out.message };
    if (out.details) result.details = out.details;
    return result;
  } catch (e) {
    if (e instanceof AnswerError) return { ...base, points: 0, passed: false, message: e.message };
    throw e instanceof InternalCheckError ? e : new InternalCheckError(`check "${c.name}" threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}
