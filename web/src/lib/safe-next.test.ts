import { safeNextPath, signInPath } from './safe-next';

describe('safeNextPath', () => {
  it.each([
    ['/exercises/shared-conv', '/exercises/shared-conv'],
    ['/exercises/a?tab=1#x', '/exercises/a?tab=1#x'],
    ['/', '/'],
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

  it('builds the sign-in URL with an encoded next', () => {
    expect(signInPath('/exercises/a?b=1')).toBe('/signin?next=%2Fexercises%2Fa%3Fb%3D1');
    expect(signInPath('//evil')).toBe('/signin?next=%2F');
  });
});
