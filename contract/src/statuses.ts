// Submission statuses, the reasons behind the two unhappy endings, and check visibility: the closed
// sets the grader writes, the database stores (as plain strings) and the site shows. Plain `as const`
// lists so browser code can use them without loading zod.

export const SUBMISSION_STATUSES = ['QUEUED', 'RUNNING', 'GRADED', 'NOT_GRADABLE', 'INTERNAL_ERROR'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** Statuses a submission never leaves: the live view stops following it there. */
export const TERMINAL_STATUSES = ['GRADED', 'NOT_GRADABLE', 'INTERNAL_ERROR'] as const satisfies readonly SubmissionStatus[];
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

export function isSubmissionStatus(value: unknown): value is SubmissionStatus {
  return (SUBMISSION_STATUSES as readonly unknown[]).includes(value);
}

export function isTerminalStatus(status: string): status is TerminalStatus {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

/**
 * Why the learner's code could not be graded (the learner's problem, no attempt charged). A
 * malformed or missing answer is not among them on purpose: it fails only the check that needed
 * it, with a message, so the learner still gets every other check's verdict.
 */
export const NOT_GRADABLE_REASONS = ['COMPILE_ERROR', 'LOAD_ERROR', 'TIME_LIMIT', 'MEMORY_LIMIT', 'OUTPUT_LIMIT', 'CRASHED'] as const;
export type NotGradableReason = (typeof NOT_GRADABLE_REASONS)[number];

/** Why grading failed on our side (never the learner's fault; diagnostics stay internal). */
export const INTERNAL_ERROR_REASONS = [
  /** The sandbox child reported a failure of its own (not of the learner's code). */
  'SANDBOX_ERROR',
  /** A check or the reference solution failed: an exercise bug. */
  'CHECK_ERROR',
  /** Any other exception in the grader. */
  'GRADER_CRASH',
  /** The submission names an exercise the worker does not have. */
  'EXERCISE_MISSING',
  /** The exercise changed after the learner submitted; no worker has the version they saw. */
  'EXERCISE_VERSION_MISMATCH',
  /** Every worker that claimed the job stopped before finishing (attempts cap reached). */
  'RETRIES_EXHAUSTED',
] as const;
export type InternalErrorReason = (typeof INTERNAL_ERROR_REASONS)[number];

export type SubmissionReason = NotGradableReason | InternalErrorReason;

export function isNotGradableReason(value: unknown): value is NotGradableReason {
  return (NOT_GRADABLE_REASONS as readonly unknown[]).includes(value);
}

export function isInternalErrorReason(value: unknown): value is InternalErrorReason {
  return (INTERNAL_ERROR_REASONS as readonly unknown[]).includes(value);
}

/**
 * The reason stored next to `status`, when it belongs to that status's closed set; null otherwise
 * (GRADED and pending rows, or a row written before a reason was renamed).
 */
export function reasonForStatus(status: SubmissionStatus, reason: string | null | undefined): SubmissionReason | null {
  if (status === 'NOT_GRADABLE') return isNotGradableReason(reason) ? reason : null;
  if (status === 'INTERNAL_ERROR') return isInternalErrorReason(reason) ? reason : null;
  return null;
}

/** VISIBLE checks also run in the learner's browser on public inputs; HIDDEN ones only when grading. */
export const CHECK_VISIBILITIES = ['VISIBLE', 'HIDDEN'] as const;
export type CheckVisibility = (typeof CHECK_VISIBILITIES)[number];
