// GET/PUT /api/drafts/<slug> through the real route handlers and a real (SQLite) database: a
// learner's draft round-trips and stays theirs; everything a client sends is bounded and checked, and
// a refused request writes nothing. (Who may call it at all is in authz-matrix.test.ts.)
import { createSession, createUser, syncExercises } from '@tyinglab/db';
import { createTestDatabase, useAsProcessDatabase, type TestDatabase } from '@tyinglab/db/testing';
import { GET, PUT } from '@/app/api/drafts/[exerciseSlug]/route';

// Next resolves 'server-only' itself during its build; there is no package of that name to load here.
jest.mock('server-only', () => ({}), { virtual: true });
// Next's cookie store exists only inside its request scope; here it hands over the test's session cookie.
let sessionToken: string | undefined;
jest.mock('next/headers', () => ({
  cookies: async () => ({ get: (name: string) => (name === 'tl_session' && sessionToken !== undefined ? { name, value: sessionToken } : undefined) }),
}));

describe('/api/drafts/[exerciseSlug]', () => {
  jest.setTimeout(60_000);
  let t: TestDatabase;
  let restore: () => Promise<void>;
  let ada: string;
  let ben: string;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    restore = await useAsProcessDatabase(t);
    await syncExercises([{ meta: { slug: 'ex', title: 'Ex', summary: 's', difficulty: 'intro', concepts: ['c'], points: 1, position: 1, checks: [] }, statement: '# S', starter: 'x', contentHash: 'h' }]);
    const make = async (name: string) => (await createSession((await createUser({ email: `${name}@drafts.test`, displayName: name, password: `${name}-password-1` })).id)).token;
    [ada, ben] = await Promise.all([make('ada'), make('ben')]);
  });
  afterAll(async () => {
    await restore();
    await t.drop();
  });

  const params = (exerciseSlug: string) => ({ params: Promise.resolve({ exerciseSlug }) });
  const put = (slug: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    PUT(new Request(`http://localhost/api/drafts/${slug}`, { method: 'PUT', headers, body }), params(slug));
  const get = async (slug: string) => {
    const res = await GET(new Request(`http://localhost/api/drafts/${slug}`), params(slug));
    return { status: res.status, body: (await res.json()) as { draft: { code: string; updatedAt: string } | null } };
  };

  it('saves and reads back the learner’s own draft; another learner sees none', async () => {
    sessionToken = ada;
    expect(await get('ex')).toEqual({ status: 200, body: { draft: null } });
    const res = await put('ex', JSON.stringify({ code: 'export const mine = 1;' }));
    expect(res.status).toBe(200);
    const { updatedAt } = (await res.json()) as { updatedAt: string };
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await get('ex')).toEqual({ status: 200, body: { draft: { code: 'export const mine = 1;', updatedAt } } });
    sessionToken = ben;
    expect(await get('ex')).toEqual({ status: 200, body: { draft: null } });
  });

  it('refuses what it must, with a clear status and message, and writes nothing', async () => {
    sessionToken = ben;
    const before = await t.db.draft.count();
    const refusal = async (res: Response) => ({ status: res.status, message: ((await res.json()) as { error: { message: string } }).error.message });
    expect(await refusal(await put('ex', JSON.stringify({ code: 'é'.repeat(50_001) })))).toEqual({
      status: 413,
      message: 'Your code is 101 KB; drafts are limited to 100 KB.',
    });
    expect(await refusal(await put('ex', 'x'.repeat(200_001)))).toMatchObject({ status: 413 });
    expect(await refusal(await put('ex', JSON.stringify({ code: 7 })))).toMatchObject({ status: 400, message: expect.stringContaining('code') });
    expect(await refusal(await put('ex', JSON.stringify({ code: 'x', owner: 'someone' })))).toMatchObject({ status: 400 });
    expect(await refusal(await put('ex', '{not json'))).toMatchObject({ status: 400 });
    expect(await refusal(await put('ex', JSON.stringify({ code: 'x' }), { 'content-type': 'text/plain' }))).toMatchObject({ status: 415 });
    expect(await refusal(await put('no-such-exercise', JSON.stringify({ code: 'x' })))).toEqual({ status: 404, message: 'There is no exercise "no-such-exercise".' });
    expect(await refusal(await put('..%2Fetc', JSON.stringify({ code: 'x' })))).toMatchObject({ status: 400 });
    // A page on another site cannot write a learner's draft with their cookie.
    expect(await refusal(await put('ex', JSON.stringify({ code: 'x' }), { 'content-type': 'application/json', origin: 'https://evil.example', host: 'localhost' }))).toMatchObject({
      status: 403,
    });
    expect(await t.db.draft.count()).toBe(before);
  });
});
