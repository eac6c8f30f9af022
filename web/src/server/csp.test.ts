import { documentCsp } from './csp';

function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

describe('documentCsp', () => {
  it('allows only nonced scripts (and what they load) in production: no inline, no eval', () => {
    const d = directives(documentCsp('abc123=='));
    expect(d['script-src']).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(d['object-src']).toEqual(["'none'"]);
    expect(d['frame-ancestors']).toEqual(["'none'"]);
    expect(d['base-uri']).toEqual(["'self'"]);
    // Pages never get eval or wasm compilation; only the check worker's own policy has those.
    expect(documentCsp('n')).not.toMatch(/unsafe-eval/);
  });

  it("adds 'unsafe-eval' in development only (React's dev tooling needs it)", () => {
    expect(directives(documentCsp('n', true))['script-src']).toContain("'unsafe-eval'");
    expect(directives(documentCsp('n', false))['script-src']).not.toContain("'unsafe-eval'");
  });

  it('lets Monaco start its blob: workers and KaTeX/Monaco set inline styles', () => {
    const d = directives(documentCsp('n'));
    expect(d['worker-src']).toEqual(["'self'", 'blob:']);
    expect(d['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
  });
});
