import { AppError } from './app-error';
import { assertSameOrigin } from './origin';

function req(headers: Record<string, string>): Request {
  return new Request('http://localhost:3000/api/auth/signin', { method: 'POST', headers });
}

function outcome(headers: Record<string, string>): string {
  try {
    assertSameOrigin(req(headers));
    return 'allowed';
  } catch (err) {
    return err instanceof AppError ? err.code : 'threw';
  }
}

describe('assertSameOrigin', () => {
  it('allows same-origin posts and clients that send no Origin', () => {
    expect(outcome({ origin: 'http://localhost:3000', host: 'localhost:3000' })).toBe('allowed');
    expect(outcome({ host: 'localhost:3000' })).toBe('allowed');
    expect(outcome({ origin: 'https://lab.example', host: '10.0.0.5:3000', 'x-forwarded-host': 'lab.example' })).toBe('allowed');
  });

  it('refuses other sites, opaque origins and garbage', () => {
    expect(outcome({ origin: 'http://evil.example', host: 'localhost:3000' })).toBe('FORBIDDEN');
    expect(outcome({ origin: 'http://localhost:3001', host: 'localhost:3000' })).toBe('FORBIDDEN');
    expect(outcome({ origin: 'null', host: 'localhost:3000' })).toBe('FORBIDDEN');
    expect(outcome({ origin: 'not a url', host: 'localhost:3000' })).toBe('FORBIDDEN');
  });
});
