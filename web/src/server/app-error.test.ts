// How the API answers when something is refused: the real route handlers, request-body readers,
// session lookup and data layer on a real (SQLite) database; only Next's cookie store is replaced.
// Each test states what a client sees — the HTTP status, the JSON body and the headers — and that a
// refused request wrote nothing.
import { createSession, createUser, syncExercises } from '@tyinglab/db';
import { createTestDatabase, useAsProcessDatabase, type TestDatabase } from '@tyinglab/db/testing';
import { loadExercise } from '@tyinglab/exercise-format';
import { GET as getSubmission } from '@/app/api/submissions/[id]/route';
import { POST as postSubmission } from '@/app/api/submissions/route';
import { MAX_JSON_BODY_BYTES } from './request-body';

// Next resolves 'server-only' itself during its build; there is no package of that name to load here.
jest.mock('server-only', () => ({}), { virtual: true });
// Next's cookie store exists only inside its request scope; here it hands over the test's session cookie.
let sessionCookie: string | undefined;
jest.mock('next/headers', () => ({
  cookies: async () => ({ get: (name: string) => (name === 'tl_session' && sessionCookie !== undefined ? { name, value: sessionCookie } : undefined) }),
}));

jest.setTimeout(60_000);

const exercise = loadExercise('tied-conv2d');
let t: TestDatabase;
let restore: () => Promise<void>;
let learnerToken: string;
let otherToken: string;

beforeAll(async () => {
  t = await createTestDatabase('sqlite');
  restore = await useAsProcessDatabase(t);
  await syncExercises([exercise], t.db);
  const learner = await createUser({ email: 'learner@app-error.test', displayName: 'Learner', password: 'pw-123456' }, t.db);
  const other = await createUser({ email: 'other@app-error.test', displayName: 'Other', password: 'pw-123456' }, t.db);
  learnerToken = (await createSession(learner.id, t.db)).token;
  otherToken = (await createSession(other.id, t.db)).token;
});

afterAll(async () => {
  await restore();
  await t.drop();
});

beforeEach(() => {
  sessionCookie = learnerToken;
});

function post(body: string, headers: Record<string, string> = { 'content-type': 'application/json' }): Request {
  return new Request('http://localhost/api/submissions', { method: 'POST', headers, body });
}

const submission = (code = 'export {};', exerciseSlug = exercise.meta.slug) => JSON.stringify({ exerciseSlug, code });
const submissions = () => t.db.submission.count();

async function expectError(res: Response, status: number, code: string): Promise<{ code: string; message: string; issues?: { path: string; message: string }[] }> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = (await res.json()) as { error: { code: string; message: string; issues?: { path: string; message: string }[] } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error;
}

describe('POST /api/submissions', () => {
  it('queues a valid submission: 202, the new id and where to follow it, and a QUEUED row', async () => {
    const res = await postSubmission(post(submission()));
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string; status: string };
    expect(body.status).toBe('QUEUED');
    expect(res.headers.get('location')).toBe(`/api/submissions/${body.id}`);
    expect(await t.db.submission.findUnique({ where: { id: body.id }, select: { status: true, exerciseContentHash: true } })).toEqual({
      status: 'QUEUED',
      exerciseContentHash: exercise.contentHash,
    });
  });

  it('answers 401 with the error body when no one is signed in, and writes nothing', async () => {
    sessionCookie = undefined;
    const before = await submissions();
    const res = await postSubmission(post(submission()));
    expect(await expectError(res, 401, 'UNAUTHENTICATED')).toEqual({ code: 'UNAUTHENTICATED', message: 'Sign in to continue.' });
    expect(res.headers.get('retry-after')).toBeNull();
    expect(await submissions()).toBe(before);
  });

  it('answers 401 for a session token the database does not know', async () => {
    sessionCookie = 'not-a-session';
    await expectError(await postSubmission(post(submission())), 401, 'UNAUTHENTICATED');
  });

  it('refuses a body that is not JSON with 415', async () => {
    const before = await submissions();
    await expectError(await postSubmission(post('exerciseSlug=tied-conv2d', { 'content-type': 'application/x-www-form-urlencoded' })), 415, 'UNSUPPORTED_MEDIA');
    expect(await submissions()).toBe(before);
  });

  it('refuses an oversized body with 413', async () => {
    const before = await submissions();
    await expectError(await postSubmission(post(submission('x'.repeat(MAX_JSON_BODY_BYTES)))), 413, 'PAYLOAD_TOO_LARGE');
    expect(await submissions()).toBe(before);
  });

  it('names each invalid field in a 400', async () => {
    const error = await expectError(await postSubmission(post(JSON.stringify({ exerciseSlug: 'Not A Slug' }))), 400, 'VALIDATION');
    expect(error.issues?.map((i) => i.path).sort()).toEqual(['code', 'exerciseSlug']);
  });

  it('answers 404 for an exercise the database does not have', async () => {
    const error = await expectError(await postSubmission(post(submission('export {};', 'no-such-exercise'))), 404, 'NOT_FOUND');
    expect(error.message).toBe('There is no exercise "no-such-exercise".');
  });

  it('tells a learner over the rate limit when to retry: 429 with Retry-After', async () => {
    // The learner has one waiting submission from the first test; the limit is a few at once.
    let res = await postSubmission(post(submission()));
    for (let i = 0; res.status === 202 && i < 10; i++) res = await postSubmission(post(submission()));
    const before = await submissions();
    res = await postSubmission(post(submission()));
    const error = await expectError(res, 429, 'RATE_LIMITED');
    expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(error.message).toMatch(/waiting to be graded|try again/);
    expect(await submissions()).toBe(before);
  });

  it('turns an unexpected failure into 500 INTERNAL without leaking its text, and logs it', async () => {
    sessionCookie = otherToken;
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    // The database loses the submissions table under the route's feet (the last test of the file).
    await t.db.$executeRawUnsafe('ALTER TABLE "Submission" RENAME TO "Submission_gone"');
    try {
      const res = await postSubmission(post(submission()));
      const text = JSON.stringify(await expectError(res, 500, 'INTERNAL'));
      expect(text).not.toMatch(/Submission|table|prisma|sqlite/i);
      expect(log).toHaveBeenCalledWith('[web] internal error:', expect.stringMatching(/Submission/), expect.anything());
    } finally {
      log.mockRestore();
      await t.db.$executeRawUnsafe('ALTER TABLE "Submission_gone" RENAME TO "Submission"');
    }
  });
});

describe('GET /api/submissions/[id]', () => {
  const params = (id: string) => ({ params: Promise.resolve({ id }) });

  it("answers 404 for another learner's submission, as for one that does not exist", async () => {
    const ownId = (await t.db.submission.findFirstOrThrow({ where: { user: { email: 'learner@app-error.test' } }, select: { id: true } })).id;
    sessionCookie = learnerToken;
    expect((await getSubmission(new Request(`http://localhost/api/submissions/${ownId}`), params(ownId))).status).toBe(200);
    sessionCookie = otherToken;
    const theirs = await expectError(await getSubmission(new Request(`http://localhost/api/submissions/${ownId}`), params(ownId)), 404, 'NOT_FOUND');
    const missing = await expectError(await getSubmission(new Request('http://localhost/api/submissions/nope'), params('nope')), 404, 'NOT_FOUND');
    expect(theirs).toEqual(missing);
  });

  it('answers 400 for an id that cannot be a submission id', async () => {
    await expectError(await getSubmission(new Request('http://localhost/api/submissions/x'), params('../../etc')), 400, 'VALIDATION');
  });
});
