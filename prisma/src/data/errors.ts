// Closed set of data-layer failures. Callers (the web API) map each code to an HTTP status once.
export type DbErrorCode = 'UNKNOWN_EXERCISE' | 'CODE_TOO_LARGE' | 'EMAIL_TAKEN' | 'NOT_FOUND';

export class DbError extends Error {
  constructor(
    readonly code: DbErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DbError';
  }
}
