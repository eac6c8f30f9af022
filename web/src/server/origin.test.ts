import { AppError } from './app-error';
import { clientAddress, requestIsHttps } from './forwarded';
import { assertSameOrigin } from './origin';

function req(headers: Record<string, string>): Request {
  return new Request('http://localhost:3000/api/auth/signin', { method: 'POST', headers });
}

function outcome(headers: Record<string, string>, trustProxy = 0): string {
  try {
    assertSameOrigin(req(headers), trustProxy);
    return 'allowed';
  } catch (err) {
    return err instanceof AppError ? err.code : 'threw';
  }
}

describe('assertSameOrigin', () => {
  it('allows same-origin posts and clients that send no Origin', () => {
    expect(outcome({ origin: 'http://localhost:3000', host: 'localhost:3000' })).toBe('allowed');
    expect(outcome({ host: 'localhost:3000' })).toBe('allowed');
  });

  it('refuses other sites, opaque origins and garbage', () => {
    expect(outcome({ origin: 'http://evil.example', host: 'localhost:3000' })).toBe('FORBIDDEN');
    expect(outcome({ origin: 'http://localhost:3001', host: 'localhost:3000' })).toBe('FORBIDDEN');
    expect(outcome({ origin: 'null', host: 'localhost:3000' })).toBe('FORBIDDEN');
    expect(outcome({ origin: 'not a url', host: 'localhost:3000' })).toBe('FORBIDDEN');
  });

  it('without a configured proxy, ignores X-Forwarded-Host (a client could claim any host with it)', () => {
    expect(outcome({ origin: 'http://evil.example', host: 'localhost:3000', 'x-forwarded-host': 'evil.example' })).toBe('FORBIDDEN');
    expect(outcome({ origin: 'https://lab.example', host: '10.0.0.5:3000', 'x-forwarded-host': 'lab.example' })).toBe('FORBIDDEN');
  });

  it('behind a configured proxy (TRUST_PROXY), takes the host from X-Forwarded-Host', () => {
    expect(outcome({ origin: 'https://lab.example', host: '10.0.0.5:3000', 'x-forwarded-host': 'lab.example' }, 1)).toBe('allowed');
    expect(outcome({ origin: 'http://10.0.0.5:3000', host: '10.0.0.5:3000', 'x-forwarded-host': 'lab.example' }, 1)).toBe('FORBIDDEN');
    // A forged value the client put in front of the proxy's own is not the one read.
    expect(outcome({ origin: 'http://evil.example', host: '10.0.0.5:3000', 'x-forwarded-host': 'evil.example, lab.example' }, 1)).toBe('FORBIDDEN');
  });
});

describe('forwarded client details', () => {
  it('reads the client address the nearest trusted proxy appended, never a forged one before it', () => {
    expect(clientAddress(req({ 'x-forwarded-for': '203.0.113.9' }), 1)).toBe('203.0.113.9');
    expect(clientAddress(req({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9' }), 1)).toBe('203.0.113.9');
    expect(clientAddress(req({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.0.0.2' }), 2)).toBe('203.0.113.9');
    // No proxy: Next.js puts the socket's address in the header itself (when the client sent none).
    expect(clientAddress(req({ 'x-forwarded-for': '::1' }), 0)).toBe('::1');
    expect(clientAddress(req({}), 0)).toBeNull();
  });

  it('believes X-Forwarded-Proto only behind a configured proxy', () => {
    expect(requestIsHttps(req({ 'x-forwarded-proto': 'https' }), 0)).toBe(false);
    expect(requestIsHttps(req({ 'x-forwarded-proto': 'https' }), 1)).toBe(true);
    expect(requestIsHttps(req({ 'x-forwarded-proto': 'http' }), 1)).toBe(false);
  });
});
