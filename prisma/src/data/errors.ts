// Closed set of data-layer failures. Callers (the web API) map each code to an HTTP status once.
export type DbErrorCode = 'UNKNOWN_EXERCISE' | 'CODE_TOO_LARGE' | 'EMAIL_TAKEN' | 'NOT_FOUND' | 'RATE_LIMITED';

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
