// Bad input to the account, course and assignment endpoints: each refusal names the field and says why.
import { AppError } from './app-error';
import { createAssignmentSchema, createCourseSchema, createSubmissionSchema, joinCourseSchema, parseOrThrow, signUpSchema } from './validation';

function issuesOf(schema: Parameters<typeof parseOrThrow>[0], input: unknown): string[] {
  try {
    parseOrThrow(schema, input);
  } catch (err) {
    if (err instanceof AppError && err.code === 'VALIDATION') return (err.issues ?? []).map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  return [];
}

describe('sign-up', () => {
  const ok = { email: ' Ada@Example.test ', displayName: '  Ada Lovelace ', password: 'long-enough-pw' };

  it('accepts and trims a valid sign-up', () => {
    expect(parseOrThrow(signUpSchema, ok)).toEqual({ email: 'Ada@Example.test', displayName: 'Ada Lovelace', password: 'long-enough-pw' });
    expect(issuesOf(signUpSchema, { ...ok, displayName: 'Zoë 🧪 O’Brien-Smith' })).toEqual([]);
  });

  it.each([
    ['a too-long display name', { displayName: 'x'.repeat(81) }, 'displayName: must be at most 80 characters'],
    ['an empty display name', { displayName: '   ' }, 'displayName: is required'],
    ['a control character', { displayName: 'Ada\u0007' }, 'displayName: must not contain control characters'],
    ['a bidi override', { displayName: 'Ada\u202Egnp.exe' }, 'displayName: must not contain control characters'],
    ['a newline', { displayName: 'Ada\nAdmin' }, 'displayName: must not contain control characters'],
    ['a bad email', { email: 'not-an-email' }, 'email: must be an email address'],
    ['a short password', { password: 'short' }, 'password: must be at least 10 characters'],
    ['a huge password', { password: 'p'.repeat(201) }, 'password: must be at most 200 characters'],
  ])('refuses %s', (_what, change, issue) => {
    expect(issuesOf(signUpSchema, { ...ok, ...change })).toEqual([issue]);
  });
});

describe('courses', () => {
  it('bounds course titles and slugs', () => {
    expect(issuesOf(createCourseSchema, { title: 'Deep learning', slug: 'dl-2026' })).toEqual([]);
    expect(issuesOf(createCourseSchema, { title: 'x'.repeat(121), slug: 'Bad Slug' })).toEqual([
      'title: must be at most 120 characters',
      'slug: must be lowercase letters, digits and single dashes, like "deep-learning-2026"',
    ]);
    expect(issuesOf(createCourseSchema, { title: 'T', slug: 'ok-slug', description: 'line one\nline two' })).toEqual([]);
    expect(issuesOf(joinCourseSchema, { joinCode: '  ' })).toEqual(['joinCode: is required']);
  });

  it('takes an optional assignment id on a submission', () => {
    expect(parseOrThrow(createSubmissionSchema, { exerciseSlug: 'a', code: 'x', assignmentId: 'ck1' })).toEqual({ exerciseSlug: 'a', code: 'x', assignmentId: 'ck1' });
    expect(issuesOf(createSubmissionSchema, { exerciseSlug: 'a', code: 'x', assignmentId: '../x' })).toEqual(['assignmentId: is not a valid id']);
  });
});

describe('assignments', () => {
  it('parses instants with a zone into dates', () => {
    const parsed = parseOrThrow(createAssignmentSchema, {
      exerciseSlug: 'tied-conv2d',
      opensAt: '2026-12-01T09:00:00+01:00',
      dueAt: '2026-12-08T17:00:00Z',
      latePolicy: { penaltyPerDay: 0.1, cutoffAt: '2026-12-10T17:00:00Z' },
      maxSubmissions: 5,
      minSecondsBetween: 60,
    });
    expect(parsed.opensAt?.toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(parsed.latePolicy?.cutoffAt.toISOString()).toBe('2026-12-10T17:00:00.000Z');
  });

  it.each([
    ['a malformed date', { dueAt: 'next friday' }, 'dueAt: must be a date and time with a zone, like 2026-12-01T17:00:00Z'],
    ['a date without a zone', { dueAt: '2026-12-08T17:00:00' }, 'dueAt: must be a date and time with a zone, like 2026-12-01T17:00:00Z'],
    ['an absurd year', { opensAt: '1970-01-01T00:00:00Z' }, 'opensAt: must be between the years 2000 and 2100'],
    ['a negative cap', { maxSubmissions: -1 }, 'maxSubmissions: must be at least 1'],
    ['a fractional cap', { maxSubmissions: 2.5 }, 'maxSubmissions: must be a whole number'],
    ['a negative gap', { minSecondsBetween: -10 }, 'minSecondsBetween: must be 0 or more'],
    ['a zero late penalty', { latePolicy: { penaltyPerDay: 0, cutoffAt: '2026-12-10T17:00:00Z' } }, 'latePolicy.penaltyPerDay: must be more than 0'],
    ['a late penalty above 100 %', { latePolicy: { penaltyPerDay: 2, cutoffAt: '2026-12-10T17:00:00Z' } }, 'latePolicy.penaltyPerDay: must be at most 1 (100 % a day)'],
  ])('refuses %s', (_what, change, issue) => {
    expect(issuesOf(createAssignmentSchema, { exerciseSlug: 'tied-conv2d', ...change })).toEqual([issue]);
  });
});
