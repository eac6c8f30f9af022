// The closed set of errors the web API can answer with, mapped once to HTTP statuses.
// `message` is safe to show to the user; `internal` (optional) is for logs only.

export const APP_ERROR_STATUS = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  /** Would duplicate something that exists: an email, a course address, an enrolment, an assignment. */
  CONFLICT: 409,
  VALIDATION: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const satisfies Record<string, number>;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

export interface AppErrorBody {
  error: { code: AppErrorCode; message: string; issues?: { path: string; message: string }[] };
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly issues?: { path: string; message: string }[];
  readonly internal?: string;
  /** Seconds to wait before retrying (RATE_LIMITED), sent as Retry-After. */
  readonly retryAfterSeconds?: number;

  constructor(
    code: AppErrorCode,
    message: string,
    options: { issues?: { path: string; message: string }[]; internal?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = options.issues;
    this.internal = options.internal;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }
}

/** Maps a thrown value to the closed set: AppErrors keep their code, anything else is INTERNAL. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const internal = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new AppError('INTERNAL', 'Something went wrong on our side. Please try again.', { internal });
}

export function errorBody(err: AppError): AppErrorBody {
  return { error: { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) } };
}

export function errorResponse(err: unknown): Response {
  const appError = toAppError(err);
  if (appError.code === 'INTERNAL') {
    console.error('[web] internal error:', appError.internal ?? appError.message, err instanceof Error ? err.stack : '');
  }
  return Response.json(errorBody(appError), {
    status: appError.status,
    headers: {
      'Cache-Control': 'no-store',
      ...(appError.retryAfterSeconds !== undefined ? { 'Retry-After': String(appError.retryAfterSeconds) } : {}),
    },
  });
}
