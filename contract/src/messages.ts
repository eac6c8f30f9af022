// Learner-facing wording for the two unhappy endings, in one place: the data layer puts the
// INTERNAL_ERROR text into the view (the stored diagnostics never leave the server) and the site
// shows the NOT_GRADABLE headline above the grader's own message.
import type { InternalErrorReason, NotGradableReason } from './statuses';

export const NOT_GRADABLE_HEADLINES: Readonly<Record<NotGradableReason, string>> = {
  COMPILE_ERROR: 'Your code did not compile.',
  LOAD_ERROR: 'Your code compiled but failed while loading.',
  TIME_LIMIT: 'Your code ran past the time limit.',
  MEMORY_LIMIT: 'Your code used more memory than allowed.',
  OUTPUT_LIMIT: 'Your code printed more output than allowed.',
  CRASHED: 'Your code crashed while running.',
};

const NOT_GRADABLE_FALLBACK = 'Your code could not be graded.';

/** The headline for a NOT_GRADABLE verdict; a generic one for a reason this version does not know. */
export function notGradableHeadline(reason: string | null | undefined): string {
  return (reason && Object.prototype.hasOwnProperty.call(NOT_GRADABLE_HEADLINES, reason) && NOT_GRADABLE_HEADLINES[reason as NotGradableReason]) || NOT_GRADABLE_FALLBACK;
}

const OUR_FAULT =
  'Something went wrong on our side while grading. This is not a problem with your code, and the attempt does not count. We have been alerted; please submit again in a moment.';

export const INTERNAL_ERROR_MESSAGES: Readonly<Record<InternalErrorReason, string>> = {
  SANDBOX_ERROR: OUR_FAULT,
  CHECK_ERROR: OUR_FAULT,
  GRADER_CRASH: OUR_FAULT,
  EXERCISE_MISSING: OUR_FAULT,
  RETRIES_EXHAUSTED: OUR_FAULT,
  // Grading against a version the learner never saw could fail correct code (or pass wrong code).
  EXERCISE_VERSION_MISMATCH:
    'This exercise was updated after you submitted, so your code was not graded: it would have been checked against a version you never saw. ' +
    'The attempt does not count. Reload the page to see the current version, then submit again.',
};

/** What a learner reads for an INTERNAL_ERROR, whatever the stored diagnostics say. */
export function internalErrorMessage(reason: string | null | undefined): string {
  return (reason && Object.prototype.hasOwnProperty.call(INTERNAL_ERROR_MESSAGES, reason) && INTERNAL_ERROR_MESSAGES[reason as InternalErrorReason]) || OUR_FAULT;
}
