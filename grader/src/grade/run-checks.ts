// Turns validated probe answers into CheckResults. A malformed or missing learner answer fails
// only the check that needed it; a failing reference is our bug (InternalCheckError).
import { sanitizeLearnerText } from './learner-text';
import { checkDetailsSchema, RESULT_LIMITS } from '@tyinglab/contract';
import type { ExerciseMeta } from '@tyinglab/exercise-format';
import type { z } from 'zod';
import { clip } from '../checks/display';
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

/** The failed check's message when a check cannot handle what the learner's code answered. */
export const UNHANDLED_ANSWER_MESSAGE = 'The grader could not evaluate this check on what your code returned (values of an unexpected form or size).';

export function runChecks(meta: ExerciseMeta, checks: ExerciseChecks<unknown>, plan: unknown, learner: ProbeAnswers, reference: ProbeAnswers): CheckResult[] {
  let referenceFailed = false;
  const reference_ = <T>(probe: string, schema: z.ZodType<T>): T => {
    try {
      return validated(reference, probe, schema, 'reference');
    } catch (e) {
      referenceFailed = true;
      throw e;
    }
  };
  const ctx: CheckContext<unknown> = {
    plan,
    tolerance: meta.tolerance,
    learner: (probe, schema) => validated(learner, probe, schema, 'learner'),
    reference: reference_,
  };
  // The same check with the reference's answers in the learner's place: it tells a check that
  // cannot handle this learner's (valid but odd) answers from a check that is broken.
  const selfCheck: CheckContext<unknown> = { ...ctx, learner: reference_ };
  return meta.checks.map((c) => {
    const fn = checks.checks[c.name]!;
    referenceFailed = false;
    try {
      return evaluateCheck(c, () => fn(ctx));
    } catch (e) {
      // Learner code must never be able to cause an INTERNAL_ERROR (no attempt counted, an alert
      // raised). A check that throws on the learner's answers but not on the reference's was
      // tripped by the learner: that check fails. Throwing on both, or a failing reference, is ours.
      if (referenceFailed || !(e instanceof InternalCheckError)) throw e;
      try {
        evaluateCheck(c, () => fn(selfCheck));
      } catch {
        throw e;
      }
      return evaluateCheck(c, () => {
        throw new AnswerError(UNHANDLED_ANSWER_MESSAGE);
      });
    }
  });
}

/**
 * Runs one check function and turns its outcome into a CheckResult (points from exercise.json).
 * AnswerError means the learner's answer was unusable: a failed check. Anything else is our bug.
 * Only the message, facts and plots are kept: an outcome's `details` are for code, not for people.
 */
export function evaluateCheck(c: ExerciseMeta['checks'][number], run: () => CheckOutcome): CheckResult {
  const base = { name: c.name, title: c.title, maxPoints: c.points, visibility: c.visibility === 'visible' ? 'VISIBLE' : 'HIDDEN' } as const;
  let out: CheckOutcome;
  try {
    out = run();
  } catch (e) {
    if (e instanceof AnswerError) return { ...base, points: 0, passed: false, message: clip(e.message, RESULT_LIMITS.messageChars), facts: [], plots: [] };
    throw e instanceof InternalCheckError ? e : new InternalCheckError(`check "${c.name}" threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  const fraction = Math.min(1, Math.max(0, out.fraction ?? (out.passed ? 1 : 0)));
  // What a check declares to show must fit the results contract, or the site could not draw it:
  // refusing it here makes a check's bug fail `grader validate` instead of reaching a learner.
  const shown = checkDetailsSchema.safeParse({ facts: out.facts ?? [], plots: out.plots ?? [] });
  if (!shown.success) {
    const issue = shown.error.issues[0]!;
    throw new InternalCheckError(`check "${c.name}" declared facts or plots the results contract refuses: ${issue.path.join('.')}: ${issue.message}`);
  }
  // A message may quote the learner's own names at length; the stored text is bounded.
  return { ...base, points: c.points * fraction, passed: out.passed, message: clip(out.message, RESULT_LIMITS.messageChars), ...shown.data };
}
