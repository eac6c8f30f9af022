import { AppError } from './app-error';
import { parseCreateSubmission, parseOrThrow, parseSaveDraft, signInSchema, utf8ByteLength } from './validation';

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('parseCreateSubmission', () => {
  const LIMIT = 100_000;

  it('accepts a slug and code', () => {
    expect(parseCreateSubmission({ exerciseSlug: 'shared-conv', code: 'export {}', extra: 1 }, LIMIT)).toEqual({
      exerciseSlug: 'shared-conv',
      code: 'export {}',
    });
  });

  it.each([
    ['missing code', { exerciseSlug: 'a' }, 'code'],
    ['missing slug', { code: 'x' }, 'exerciseSlug'],
    ['code not a string', { exerciseSlug: 'a', code: 42 }, 'code'],
    ['slug with path characters', { exerciseSlug: '../etc', code: 'x' }, 'exerciseSlug'],
    ['empty slug', { exerciseSlug: '', code: 'x' }, 'exerciseSlug'],
  ])('rejects %s with VALIDATION naming the field', (_name, body, field) => {
    const err = errorOf(() => parseCreateSubmission(body, LIMIT));
    expect(err.code).toBe('VALIDATION');
    expect(err.status).toBe(400);
    expect(err.issues?.map((i) => i.path)).toContain(field);
  });

  it.each([null, [], 'code', 7])('rejects a non-object body %p', (body) => {
    const err = errorOf(() => parseCreateSubmission(body, LIMIT));
    expect(err.code).toBe('VALIDATION');
    expect(err.issues?.[0]?.path).toBe('(root)');
  });

  it('measures the limit in UTF-8 bytes, not characters', () => {
    const justFits = 'a'.repeat(LIMIT);
    expect(parseCreateSubmission({ exerciseSlug: 'a', code: justFits }, LIMIT).code).toHaveLength(LIMIT);
    const multiByte = 'é'.repeat(LIMIT / 2 + 1); // 2 bytes each
    expect(utf8ByteLength(multiByte)).toBe(LIMIT + 2);
    const err = errorOf(() => parseCreateSubmission({ exerciseSlug: 'a', code: multiByte }, LIMIT));
    expect(err.code).toBe('PAYLOAD_TOO_LARGE');
    expect(err.message).toMatchInlineSnapshot(`"Your code is 101 KB; submissions are limited to 100 KB."`);
  });
});

describe('parseSaveDraft', () => {
  const LIMIT = 100_000;

  it('accepts code only, the empty text included', () => {
    expect(parseSaveDraft({ code: '' }, LIMIT)).toEqual({ code: '' });
    expect(parseSaveDraft({ code: 'export {}' }, LIMIT)).toEqual({ code: 'export {}' });
  });

  it.each([
    ['missing code', {}, 'code'],
    ['code not a string', { code: ['x'] }, 'code'],
    ['unknown fields', { code: 'x', userId: 'someone-else' }, '(root)'],
  ])('rejects %s with VALIDATION naming the field', (_name, body, field) => {
    const err = errorOf(() => parseSaveDraft(body, LIMIT));
    expect(err.code).toBe('VALIDATION');
    expect(err.issues?.map((i) => i.path)).toContain(field);
  });

  it('bounds the code like a submission, in UTF-8 bytes', () => {
    expect(parseSaveDraft({ code: 'a'.repeat(LIMIT) }, LIMIT).code).toHaveLength(LIMIT);
    const err = errorOf(() => parseSaveDraft({ code: 'é'.repeat(LIMIT / 2 + 1) }, LIMIT));
    expect(err.status).toBe(413);
    expect(err.message).toMatchInlineSnapshot(`"Your code is 101 KB; drafts are limited to 100 KB."`);
  });
});

describe('signInSchema', () => {
  it('trims the email and requires a password', () => {
    expect(parseOrThrow(signInSchema, { email: '  student@tyinglab.dev ', password: 'pw' })).toEqual({
      email: 'student@tyinglab.dev',
      password: 'pw',
    });
    expect(errorOf(() => parseOrThrow(signInSchema, { email: 'student@tyinglab.dev', password: '' })).code).toBe('VALIDATION');
  });
});
