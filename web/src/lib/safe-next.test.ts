import { safeNextPath, signInPath } from './safe-next';

describe('safeNextPath', () => {
  it.each([
    ['/exercises/shared-conv', '/exercises/shared-conv'],
    ['/exercises/a?tab=1#x', '/exercises/a?tab=1#x'],
    ['/', '/'],
    // Dot segments that stay inside the site are fine; the result is the normalised path.
    ['/a/../exercises/b', '/exercises/b'],
    ['/%2e%2e/exercises/b', '/exercises/b'],
  ])('keeps the same-site path %s', (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  it.each([
    'https://evil.example/',
    '//evil.example/x',
    '/\\evil.example',
    'javascript:alert(1)',
    'exercises',
    '/\u0000x',
    '',
    null,
    undefined,
  ])('falls back to / for %p', (input) => {
    expect(safeNextPath(input)).toBe('/');
  });

  // Each raw string starts with a single '/', but resolves to the scheme-relative `//evil.example/x`
  // (another host, to a browser); the check must judge the normalised path it would return.
  it.each(['/..//evil.example/x', '/.//evil.example/x', '/%2e%2e//evil.example/x', '/%2e//evil.example/x', '/a/..//evil.example/x', '/a/%2e%2e//evil.example/x', '/..\\/evil.example/x'])(
    'falls back to / for %p, which normalises to another host',
    (input) => {
      expect(new URL(input, 'http://x.invalid').pathname).toBe('//evil.example/x');
      expect(safeNextPath(input)).toBe('/');
    },
  );

  it('refuses backslashes anywhere (browsers read them as slashes)', () => {
    expect(safeNextPath('/a\\b')).toBe('/');
    expect(safeNextPath('/\\\\evil.example')).toBe('/');
  });

  it('never returns a path a browser would read as another host', () => {
    for (const input of ['/..//a', '/./../..//b/c', '/%2E%2E//c', '/x/y/../../..//d', '/.%2e//e']) {
      const out = safeNextPath(input);
      expect(out).toBe('/');
      expect(new URL(out, 'http://site.invalid').host).toBe('site.invalid');
    }
  });

  it('builds the sign-in URL with an encoded next', () => {
    expect(signInPath('/exercises/a?b=1')).toBe('/signin?next=%2Fexercises%2Fa%3Fb%3D1');
    expect(signInPath('//evil')).toBe('/signin?next=%2F');
    expect(signInPath('/..//evil.example/x')).toBe('/signin?next=%2F');
  });
});
