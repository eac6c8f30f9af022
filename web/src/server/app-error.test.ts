import { AppError, APP_ERROR_STATUS, errorResponse, toAppError } from './app-error';

describe('AppError mapping', () => {
  it('maps every code to its HTTP status', () => {
    expect(APP_ERROR_STATUS).toEqual({
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      METHOD_NOT_ALLOWED: 405,
      VALIDATION: 400,
      PAYLOAD_TOO_LARGE: 413,
      UNSUPPORTED_MEDIA: 415,
      RATE_LIMITED: 429,
      INTERNAL: 500,
    });
    expect(new AppError('PAYLOAD_TOO_LARGE', 'too big').status).toBe(413);
  });

  it('answers an AppError as {error:{code,message}} with its status', async () => {
    const res = errorResponse(new AppError('NOT_FOUND', 'No such submission.'));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No such submission.' } });
  });

  it('tells a rate-limited client when to retry', async () => {
    const res = errorResponse(new AppError('RATE_LIMITED', 'Slow down.', { retryAfterSeconds: 12 }));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('12');
    expect(await res.json()).toEqual({ error: { code: 'RATE_LIMITED', message: 'Slow down.' } });
  });

  it('includes validation issues when present', async () => {
    const res = errorResponse(new AppError('VALIDATION', 'Invalid request body.', { issues: [{ path: 'code', message: 'Required' }] }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'VALIDATION', message: 'Invalid request body.', issues: [{ path: 'code', message: 'Required' }] },
    });
  });

  it('turns unknown errors into INTERNAL without leaking their message', async () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const res = errorResponse(new Error('SQLITE_BUSY: database is locked at /srv/secret/path'));
      expect(res.status).toBe(500);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('INTERNAL');
      expect(body.error.message).not.toContain('SQLITE');
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
    expect(toAppError('x').internal).toBe('x');
  });
});
