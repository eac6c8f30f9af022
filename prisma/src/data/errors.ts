// Closed set of data-layer failures. Callers (the web API) map each code to an HTTP status once.
// NOT_FOUND also answers "exists, but not for you" (a course one is not in), so existence does not leak;
// FORBIDDEN = visible to the caller but not theirs to do; CONFLICT = would duplicate something
// (course slug, enrolment, assignment); INVALID = inconsistent input (e.g. a deadline before the opening).
export type DbErrorCode =
  | 'UNKNOWN_EXERCISE'
  | 'CODE_TOO_LARGE'
  | 'EMAIL_TAKEN'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'INVALID';

export class DbError extends Error {
  constructor(
    readonly code: DbErrorCode,
    message: string,
    /** For RATE_LIMITED: seconds until a new attempt can be accepted. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DbError';
  }
}

/** A unique constraint refused a write (Prisma P2002): two requests raced for the same slug, email or enrolment. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2002';
}
