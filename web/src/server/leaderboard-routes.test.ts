// The leaderboard API through the real route handlers and a real (SQLite) database, with grades
// written as a worker writes them (claim, then completeSubmission): the board's shape and names,
// hidden and refused answers, a learner's name and opt-out, the settings, and the live stream.
import {
  claimNextSubmission,
  completeSubmission,
  createCourse,
  createSession,
  createSubmission,
  createUser,
  joinCourse,
  setCourseMemberRole,
  syncExercises,
  type PublicUser,
} from '@tyinglab/db';
import { createTestDatabase, useAsProcessDatabase, type TestDatabase } from '@tyinglab/db/testing';
import { GET as getBoard } from '@/app/api/courses/[slug]/leaderboard/route';
import { GET as getEvents } from '@/app/api/courses/[slug]/leaderboard/events/route';
import { POST as postMine } from '@/app/api/courses/[slug]/leaderboard/me/route';
import { POST as postSettings } from '@/app/api/courses/[slug]/leaderboard/settings/route';
import { leaderboardHub } from './leaderboard-hub';

// Next resolves 'server-only' itself during its build; there is no package of that name to load here.
jest.mock('server-only', () => ({}), { virtual: true });
// Next's cookie store exists only inside its request scope; here it hands over the test's session cookie.
let sessionToken: string | undefined;
jest.mock('next/headers', () => ({
  cookies: async () => ({ get: (name: string) => (name === 'tl_session' && sessionToken !== undefined ? { name, value: sessionToken } : undefined) }),
}));

const SLUG = 'boards';
const params = { params: Promise.resolve({ slug: SLUG }) };

describe('leaderboard routes', () => {
  jest.setTimeout(60_000);
  let t: TestDatabase;
  let restore: () => Promise<void>;
  let teacher: PublicUser;
  let ta: PublicUser;
  let ada: PublicUser;
  let ben: PublicUser;
  let cyd: PublicUser;
  let outsider: PublicUser;
  let assignmentId: string;
  let otherAssignmentId: string;
  const streams: AbortController[] = [];

  const as = async (who: PublicUser | null) => {
    sessionToken = who ? (await createSession(who.id)).token : undefined;
  };
  const board = async (who: PublicUser | null, query = '') => {
    await as(who);
    const res = await getBoard(new Request(`http://localhost/api/courses/${SLUG}/leaderboard${query}`), params);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { rows: { rank: number; name: string; score: number; me: boolean; metric: number | null }[]; me: Record<string, unknown> | null; error?: { message: string } } };
  };
  const post = async (handler: typeof postMine, who: PublicUser, path: string, body: unknown) => {
    await as(who);
    const res = await handler(new Request(`http://localhost/api/courses/${SLUG}/leaderboard/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }), params);
    return { status: res.status, body: (await res.json()) as { error?: { message: string } } & Record<string, unknown> };
  };
  /** Submits and grades as a worker would: the claim, then the verdict with its trusted metric. */
  const gradeAs = async (who: PublicUser, score: number, metric?: number) => {
    const { id } = await createSubmission({ userId: who.id, exerciseSlug: 'ex-lb', code: 'export {}', assignmentId });
    const job = await claimNextSubmission({ workerId: 'w', leaseMs: 60_000 });
    expect(job?.id).toBe(id);
    await completeSubmission(id, 'w', { status: 'GRADED', score, checks: [], gradingMs: 1, ...(metric !== undefined ? { metric: { kind: 'relative-error', value: metric } } : {}) });
  };

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    restore = await useAsProcessDatabase(t);
    const meta = (slug: string) => ({
      slug,
      title: `Exercise ${slug}`,
      summary: 's',
      difficulty: 'intro',
      concepts: ['c'],
      points: 10,
      position: 1,
      checks: [],
      leaderboardMetric: { kind: 'relative-error', check: 'matches-reference', unit: 'relative error', better: 'lower', explanation: 'How far from the reference.', rationale: 'Hidden check.' },
    });
    await syncExercises(['ex-lb', 'ex-other'].map((slug) => ({ meta: meta(slug), statement: '# S', starter: 'export {}', contentHash: `h-${slug}` })));
    const make = (name: string, role: PublicUser['role'] = 'STUDENT') => createUser({ email: `${name}@routes.test`, displayName: name, password: `${name}-password-1`, role });
    [teacher, ta, ada, ben, cyd, outsider] = await Promise.all([make('Teacher', 'INSTRUCTOR'), make('Tess TA'), make('Ada'), make('Ben'), make('Cyd'), make('Outsider')]);
    const { joinCode } = await createCourse(teacher, { slug: SLUG, title: 'Boards 101' });
    for (const s of [ada, ben, cyd]) await joinCourse(s, joinCode);
    await setCourseMemberRole(teacher, SLUG, { email: ta.email, role: 'TA' });
    const course = await t.db.course.findUniqueOrThrow({ where: { slug: SLUG } });
    const ex = await t.db.exercise.findUniqueOrThrow({ where: { slug: 'ex-lb' } });
    assignmentId = (await t.db.assignment.create({ data: { courseId: course.id, exerciseId: ex.id } })).id;
    const { slug: other } = await createCourse(teacher, { slug: 'other-boards', title: 'Other' });
    const otherCourse = await t.db.course.findUniqueOrThrow({ where: { slug: other } });
    otherAssignmentId = (await t.db.assignment.create({ data: { courseId: otherCourse.id, exerciseId: (await t.db.exercise.findUniqueOrThrow({ where: { slug: 'ex-other' } })).id } })).id;
    // Ada first at 100 %, then Cyd 60 %, then Ben 100 % (a tie on score: Ada reached it first).
    await gradeAs(ada, 1, 3e-7);
    await gradeAs(cyd, 0.6);
    await gradeAs(ben, 1, 1e-7);
  });
  afterAll(async () => {
    for (const a of streams) a.abort();
    await restore();
    await t.drop();
  });

  it('answers members with ranked rows (rank, name, score, …), ties by time; outsiders 404, anonymous 401, bad ids 400', async () => {
    const mine = await board(cyd, `?assignment=${assignmentId}`);
    expect(mine.status).toBe(200);
    expect(mine.body.rows.map((r) => [r.rank, r.name, r.score, r.me])).toEqual([
      [1, 'Ada', 1, false],
      [2, 'Ben', 1, false],
      [3, 'Cyd', 0.6, true],
    ]);
    expect(mine.body.rows.map((r) => r.metric)).toEqual([3e-7, 1e-7, null]);
    expect(mine.body.metric).toEqual({ kind: 'relative-error', unit: 'relative error', explanation: 'How far from the reference.' });
    expect(mine.body.me).toMatchObject({ rank: 3, of: 3, score: 0.6, optedOut: false });
    expect(Object.keys(mine.body.rows[0]!).sort()).toEqual(['me', 'metric', 'name', 'rank', 'reachedAt', 'score']);
    // The course-wide board without `assignment`.
    expect((await board(cyd)).body).toMatchObject({ assignment: null, maxScore: 1, rows: [{ rank: 1, name: 'Ada' }, { rank: 2, name: 'Ben' }, { rank: 3, name: 'Cyd' }] });

    expect((await board(outsider)).status).toBe(404);
    expect((await board(null)).status).toBe(401);
    expect((await board(cyd, '?assignment=not%20an%20id')).status).toBe(400);
    expect((await board(cyd, `?assignment=${otherAssignmentId}`)).status).toBe(404);
  });

  it("shows a learner's chosen name to students and the real name to staff; refuses impersonation and bad names", async () => {
    expect(await post(postMine, ada, 'me', { name: 'Quiet Fox' })).toEqual({ status: 200, body: { name: 'Quiet Fox', optOut: false } });
    expect((await board(ben)).body.rows.map((r) => r.name)).toEqual(['Quiet Fox', 'Ben', 'Cyd']);
    const staffRows = (await board(ta)).body.rows as unknown as { name: string; boardName: string }[];
    expect(staffRows.map((r) => [r.name, r.boardName])).toEqual([
      ['Ada', 'Quiet Fox'],
      ['Ben', 'Ben'],
      ['Cyd', 'Cyd'],
    ]);
    expect(await post(postMine, cyd, 'me', { name: 'quiet fox' })).toEqual({ status: 409, body: { error: { code: 'CONFLICT', message: 'Another member of this course already uses that leaderboard name; choose another.' } } });
    expect((await post(postMine, cyd, 'me', { name: 'BEN' })).status).toBe(409);
    expect((await post(postMine, cyd, 'me', { name: 'Tess-TA' })).status).toBe(409);
    expect(await post(postMine, cyd, 'me', { name: '<b>Cyd</b>' })).toMatchObject({ status: 400, body: { error: { message: "name: use letters, digits, spaces and . _ ' - only." } } });
    expect((await post(postMine, cyd, 'me', { name: 'x'.repeat(33) })).status).toBe(400);
    expect((await post(postMine, cyd, 'me', {})).status).toBe(400);
    expect((await post(postMine, teacher, 'me', { name: 'Prof' })).status).toBe(403);
  });

  it('leaves an opted-out learner out for other students, who rank without them; they still see their own rank', async () => {
    expect((await post(postMine, ben, 'me', { optOut: true })).body).toEqual({ name: null, optOut: true });
    try {
      expect((await board(cyd)).body.rows.map((r) => [r.rank, r.name])).toEqual([
        [1, 'Quiet Fox'],
        [2, 'Cyd'],
      ]);
      const own = await board(ben);
      expect(own.body.me).toMatchObject({ rank: 2, of: 3, optedOut: true });
      expect(own.body.rows.find((r) => r.me)).toMatchObject({ rank: 2, name: 'Ben' });
      expect((await board(teacher)).body.rows).toHaveLength(3);
    } finally {
      await post(postMine, ben, 'me', { optOut: false });
    }
  });

  it('hides the boards from students with a clear 403 when an instructor says so; staff still see them', async () => {
    expect((await post(postSettings, ta, 'settings', { hidden: true })).status).toBe(403);
    expect((await post(postSettings, ada, 'settings', { hidden: true })).status).toBe(403);
    expect((await post(postSettings, teacher, 'settings', {})).status).toBe(400);
    expect((await post(postSettings, teacher, 'settings', { frozenAt: 'yesterday' })).status).toBe(400);
    expect(await post(postSettings, teacher, 'settings', { hidden: true })).toEqual({ status: 200, body: { hidden: true, frozenAt: null } });
    try {
      expect(await board(ada, `?assignment=${assignmentId}`)).toEqual({ status: 403, body: { error: { code: 'FORBIDDEN', message: 'The leaderboard of "Boards 101" is hidden by the instructor.' } } });
      expect((await board(ta)).body).toMatchObject({ settings: { hidden: true }, rows: [{ name: 'Ada' }, { name: 'Ben' }, { name: 'Cyd' }] });
    } finally {
      await post(postSettings, teacher, 'settings', { hidden: false });
    }
  });

  it('streams the course version to members from one shared poller, and a new one when a grade lands', async () => {
    const open = async (who: PublicUser) => {
      await as(who);
      const abort = new AbortController();
      streams.push(abort);
      return getEvents(new Request(`http://localhost/api/courses/${SLUG}/leaderboard/events`, { signal: abort.signal }), params);
    };
    await as(outsider);
    expect((await getEvents(new Request(`http://localhost/api/courses/${SLUG}/leaderboard/events`), params)).status).toBe(404);
    const a = await open(cyd);
    const b = await open(teacher);
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(leaderboardHub().stats()).toMatchObject({ pollers: 1, subscribers: 2 });
    const reader = a.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const versions = () => [...text.matchAll(/event: status\ndata: "([^"]+)"/g)].map((m) => m[1]);
    while (versions().length < 1) text += decoder.decode((await reader.read()).value);
    const first = versions()[0];
    await gradeAs(cyd, 1); // Cyd now 100 %: a changed board
    const deadline = Date.now() + 20_000;
    while (versions().length < 2 && Date.now() < deadline) text += decoder.decode((await reader.read()).value);
    expect(versions()[1]).toBeDefined();
    expect(versions()[1]).not.toBe(first);
    await b.body?.cancel();
    expect(leaderboardHub().stats().subscribers).toBe(1);
  });
});
