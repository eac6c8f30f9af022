// GET /api/submissions/[id]/events through the real route handler and a real (SQLite) database:
// the red-team run opened 200 streams on one queued submission with one learner's cookie. Now a
// user gets a few (TL_SSE_MAX_PER_USER, default 8); the rest are refused with 429 and a message,
// and the browser falls back to polling.
import { createSession, createSubmission, createUser, syncExercises } from '@tyinglab/db';
import { createTestDatabase, useAsProcessDatabase, type TestDatabase } from '@tyinglab/db/testing';
import { env } from '@/env';
import { GET } from '@/app/api/submissions/[id]/events/route';
import { submissionStatusHub } from './status-hub';

// Next resolves 'server-only' itself during its build; there is no package of that name to load here.
jest.mock('server-only', () => ({}), { virtual: true });
// Next's cookie store exists only inside its request scope; here it hands over the test's session cookie.
let sessionToken: string | undefined;
jest.mock('next/headers', () => ({
  cookies: async () => ({ get: (name: string) => (name === 'tl_session' && sessionToken !== undefined ? { name, value: sessionToken } : undefined) }),
}));

describe('GET /api/submissions/[id]/events caps', () => {
  jest.setTimeout(60_000);
  let t: TestDatabase;
  let restore: () => Promise<void>;
  let submissionId: string;
  const open: AbortController[] = [];

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    restore = await useAsProcessDatabase(t);
    await syncExercises([{ meta: { slug: 'ex', title: 'Ex', summary: 's', difficulty: 'intro', concepts: ['c'], points: 1, position: 1, checks: [] }, statement: '# S', starter: 'x', contentHash: 'h' }]);
    const learner = await createUser({ email: 'learner@events.test', displayName: 'L', password: 'learner-password-1' });
    submissionId = (await createSubmission({ userId: learner.id, exerciseSlug: 'ex', code: 'export {}' })).id;
    sessionToken = (await createSession(learner.id)).token;
  });
  afterAll(async () => {
    for (const a of open) a.abort();
    await restore();
    await t.drop();
  });

  async function openStream(): Promise<Response> {
    const abort = new AbortController();
    open.push(abort);
    return GET(new Request(`http://localhost/api/submissions/${submissionId}/events`, { signal: abort.signal }), { params: Promise.resolve({ id: submissionId }) });
  }

  it('gives one learner TL_SSE_MAX_PER_USER streams, refuses the rest with 429, and shares one poller among them', async () => {
    const responses: Response[] = [];
    for (let i = 0; i < 200; i++) responses.push(await openStream());
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(env.TL_SSE_MAX_PER_USER);
    expect(statuses.filter((s) => s === 429)).toHaveLength(200 - env.TL_SSE_MAX_PER_USER);

    const refused = responses.find((r) => r.status === 429)!;
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(await refused.json()).toEqual({
      error: { code: 'RATE_LIMITED', message: `You already have ${env.TL_SSE_MAX_PER_USER} live result views open; close some tabs (results also update without them).` },
    });
    expect(submissionStatusHub().stats()).toMatchObject({ pollers: 1, subscribers: env.TL_SSE_MAX_PER_USER });

    // The accepted streams carry the status; closing one frees a place.
    const first = responses.find((r) => r.status === 200)!;
    const reader = first.body!.getReader();
    let text = '';
    while (!text.includes('event: status')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('"status":"QUEUED"');
    open[0]!.abort();
    expect(submissionStatusHub().stats().subscribers).toBe(env.TL_SSE_MAX_PER_USER - 1);
    expect((await openStream()).status).toBe(200);
  });
});
