// The authorization matrix: every API route file × every exported method × seven kinds of caller,
// against the real route handlers and a real (SQLite) database. A route file added under
// src/app/api without an entry here fails the suite, so no endpoint ships without a decision about
// who may call it. Each cell gets a fresh course ("world") so a delete or a join in one cell cannot
// change another's answer.
import fs from 'node:fs';
import path from 'node:path';
import { createSession, createUser, syncExercises, type PublicUser } from '@tyinglab/db';
import { createTestDatabase, useAsProcessDatabase, type TestDatabase } from '@tyinglab/db/testing';

// Next resolves 'server-only' itself during its build; there is no package of that name to load here.
jest.mock('server-only', () => ({}), { virtual: true });
// Next's cookie store exists only inside its request scope; here it hands over the cell's session cookie.
let sessionToken: string | undefined;
jest.mock('next/headers', () => ({
  cookies: async () => ({ get: (name: string) => (name === 'tl_session' && sessionToken !== undefined ? { name, value: sessionToken } : undefined) }),
}));

const PERSONAS = ['anonymous', 'studentIn', 'studentOther', 'ta', 'instructorOther', 'instructor', 'admin'] as const;
type Persona = (typeof PERSONAS)[number];
type Expected = Record<Persona, number>;

interface World {
  slug: string;
  joinCode: string;
  assignmentId: string;
  submissionId: string;
  /** A student of the world's course, the target of member operations. */
  bystanderId: string;
  resetToken: string;
}

interface Cell {
  params?: (w: World) => Record<string, string>;
  query?: string;
  body?: (w: World) => unknown;
  expect: Expected;
}

const API_ROOT = path.join(__dirname, '..', 'app', 'api');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

// Shorthands for the usual shapes of a course route.
const all = (status: number): Expected => Object.fromEntries(PERSONAS.map((p) => [p, status])) as Expected;
const signedIn = (status: number): Expected => ({ ...all(status), anonymous: 401 });
/** Members see it; outsiders (non-admin) get 404, as if the course did not exist. */
const members = (ok: number): Expected => ({ anonymous: 401, studentIn: ok, studentOther: 404, ta: ok, instructorOther: 404, instructor: ok, admin: ok });
const staff = (ok: number): Expected => ({ ...members(ok), studentIn: 403 });
const instructors = (ok: number): Expected => ({ ...staff(ok), ta: 403 });

let unique = 0;
const fresh = (what: string) => `${what}-${Date.now().toString(36)}-${unique++}`;

const MATRIX: Record<string, Cell> = {
  'POST /api/admin/roles': {
    body: () => ({ email: 'promotee@matrix.test', role: 'INSTRUCTOR' }),
    expect: { anonymous: 401, studentIn: 403, studentOther: 403, ta: 403, instructorOther: 403, instructor: 403, admin: 200 },
  },
  'POST /api/auth/reset-password': { body: (w) => ({ token: w.resetToken, password: 'a-new-password-1' }), expect: all(200) },
  'POST /api/auth/signin': { body: () => ({ email: 'signin@matrix.test', password: 'signin-password' }), expect: all(200) },
  'POST /api/auth/signout': { body: () => ({}), expect: all(200) },
  'POST /api/auth/signup': { body: () => ({ email: `${fresh('new')}@matrix.test`, displayName: 'New Person', password: 'new-person-password' }), expect: all(201) },
  'GET /api/courses': { expect: signedIn(200) },
  'POST /api/courses': {
    body: () => ({ title: 'A course', slug: fresh('course') }),
    expect: { anonymous: 401, studentIn: 403, studentOther: 403, ta: 403, instructorOther: 201, instructor: 201, admin: 201 },
  },
  'POST /api/courses/join': {
    body: (w) => ({ joinCode: w.joinCode }),
    // Members already in the course are told so (409); everyone else joins.
    expect: { anonymous: 401, studentIn: 409, studentOther: 200, ta: 409, instructorOther: 200, instructor: 409, admin: 200 },
  },
  'GET /api/courses/[slug]': { params: (w) => ({ slug: w.slug }), expect: members(200) },
  'DELETE /api/courses/[slug]': { params: (w) => ({ slug: w.slug }), expect: instructors(200) },
  'POST /api/courses/[slug]/join-code': { params: (w) => ({ slug: w.slug }), expect: instructors(200) },
  'GET /api/courses/[slug]/members': { params: (w) => ({ slug: w.slug }), expect: staff(200) },
  'POST /api/courses/[slug]/members': {
    params: (w) => ({ slug: w.slug }),
    body: () => ({ email: 'helper@matrix.test', role: 'TA' }),
    expect: instructors(200),
  },
  'DELETE /api/courses/[slug]/members/[userId]': { params: (w) => ({ slug: w.slug, userId: w.bystanderId }), expect: instructors(200) },
  'POST /api/courses/[slug]/members/[userId]/password-reset': { params: (w) => ({ slug: w.slug, userId: w.bystanderId }), expect: instructors(201) },
  'GET /api/courses/[slug]/assignments': { params: (w) => ({ slug: w.slug }), expect: members(200) },
  'POST /api/courses/[slug]/assignments': {
    params: (w) => ({ slug: w.slug }),
    body: () => ({ exerciseSlug: 'ex-b', dueAt: new Date(Date.now() + 86_400_000).toISOString(), maxSubmissions: 3 }),
    expect: instructors(201),
  },
  'GET /api/courses/[slug]/assignments/[id]': { params: (w) => ({ slug: w.slug, id: w.assignmentId }), expect: members(200) },
  'GET /api/courses/[slug]/assignments/[id]/dashboard': { params: (w) => ({ slug: w.slug, id: w.assignmentId }), expect: staff(200) },
  'POST /api/courses/[slug]/assignments/[id]/regrade': { params: (w) => ({ slug: w.slug, id: w.assignmentId }), body: () => ({}), expect: instructors(202) },
  'GET /api/courses/[slug]/gradebook.csv': { params: (w) => ({ slug: w.slug }), expect: staff(200) },
  // Leaderboards: members read them (names as the viewer may see them); outsiders get 404.
  'GET /api/courses/[slug]/leaderboard': { params: (w) => ({ slug: w.slug }), expect: members(200) },
  'GET /api/courses/[slug]/leaderboard/events': { params: (w) => ({ slug: w.slug }), expect: members(200) },
  'POST /api/courses/[slug]/leaderboard/settings': { params: (w) => ({ slug: w.slug }), body: () => ({ hidden: false }), expect: instructors(200) },
  // Only the course's students are ranked, so only they choose a name or leave (admins and staff: 403).
  'POST /api/courses/[slug]/leaderboard/me': {
    params: (w) => ({ slug: w.slug }),
    body: () => ({ optOut: false }),
    expect: { anonymous: 401, studentIn: 200, studentOther: 404, ta: 403, instructorOther: 404, instructor: 403, admin: 403 },
  },
  // A learner's own draft: no id in the path, so nobody can name another learner's.
  'GET /api/drafts/[exerciseSlug]': { params: () => ({ exerciseSlug: 'ex-a' }), expect: signedIn(200) },
  'PUT /api/drafts/[exerciseSlug]': { params: () => ({ exerciseSlug: 'ex-a' }), body: () => ({ code: 'export const draft = 1;' }), expect: signedIn(200) },
  'GET /api/exercises': { expect: all(200) },
  'GET /api/health': { expect: all(200) },
  'GET /api/submissions': { query: '?exerciseSlug=ex-a', expect: signedIn(200) },
  'POST /api/submissions': {
    body: (w) => ({ exerciseSlug: 'ex-a', code: 'export const x = 1;', assignmentId: w.assignmentId }),
    // Only members submit to an assignment; an admin is not a member of this course.
    expect: { anonymous: 401, studentIn: 202, studentOther: 404, ta: 202, instructorOther: 404, instructor: 202, admin: 404 },
  },
  // Another student's submission: its author, the course staff and admins; nobody else, whatever their global role.
  'GET /api/submissions/[id]': { params: (w) => ({ id: w.submissionId }), expect: members(200) },
  'GET /api/submissions/[id]/events': { params: (w) => ({ id: w.submissionId }), expect: members(200) },
};

/** Every (method, route) the site serves, read from the route files on disk. */
async function discoverRoutes(): Promise<Map<string, (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>>> {
  const found = new Map<string, (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (/^route\.(ts|tsx|js)$/.test(entry.name)) {
        const route = '/api/' + path.relative(API_ROOT, dir).split(path.sep).join('/');
        const mod = (await import(full)) as Record<string, unknown>;
        for (const method of METHODS) {
          if (typeof mod[method] === 'function') found.set(`${method} ${route.replace(/\/$/, '')}`, mod[method] as never);
        }
      }
    }
  };
  await walk(API_ROOT);
  return found;
}

describe('API authorization matrix', () => {
  jest.setTimeout(60_000);
  let t: TestDatabase;
  let restore: () => Promise<void>;
  const people = {} as Record<Exclude<Persona, 'anonymous'>, PublicUser>;
  let bystander: PublicUser;
  let otherCourseId: string;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    restore = await useAsProcessDatabase(t);
    const exercise = (slug: string) => ({
      meta: { slug, title: `Exercise ${slug}`, summary: 's', difficulty: 'intro', concepts: ['c'], points: 10, position: 1, checks: [] },
      statement: '# S',
      starter: 'export {}',
      contentHash: `hash-${slug}`,
    });
    await syncExercises([exercise('ex-a'), exercise('ex-b')]);
    const make = (name: string, role: PublicUser['role'] = 'STUDENT') =>
      createUser({ email: `${name}@matrix.test`, displayName: name, password: `${name}-password`, role });
    [people.studentIn, people.studentOther, people.ta, people.instructorOther, people.instructor, people.admin, bystander] = await Promise.all([
      make('student-in'),
      make('student-other'),
      make('ta'),
      make('instructor-other', 'INSTRUCTOR'),
      make('instructor', 'INSTRUCTOR'),
      make('admin', 'ADMIN'),
      make('bystander'),
      make('signin'),
      make('promotee'),
      make('helper'),
    ]);
    const other = await t.db.course.create({ data: { slug: 'other-course', title: 'Other', joinCode: 'OTHER-0001', ownerId: people.instructorOther.id } });
    otherCourseId = other.id;
    await t.db.enrollment.createMany({
      data: [
        { courseId: other.id, userId: people.instructorOther.id, role: 'INSTRUCTOR' },
        { courseId: other.id, userId: people.studentOther.id, role: 'STUDENT' },
      ],
    });
  });
  afterAll(async () => {
    await restore();
    await t.drop();
  });

  /** A fresh course of `instructor`, with the TA, studentIn and the bystander, an open assignment and a graded submission of studentIn. */
  async function makeWorld(): Promise<World> {
    const slug = fresh('world');
    const course = await t.db.course.create({ data: { slug, title: `World ${slug}`, joinCode: fresh('CODE').toUpperCase(), ownerId: people.instructor.id } });
    await t.db.enrollment.createMany({
      data: [
        { courseId: course.id, userId: people.instructor.id, role: 'INSTRUCTOR' },
        { courseId: course.id, userId: people.ta.id, role: 'TA' },
        { courseId: course.id, userId: people.studentIn.id, role: 'STUDENT' },
        { courseId: course.id, userId: bystander.id, role: 'STUDENT' },
      ],
    });
    const exerciseA = await t.db.exercise.findUniqueOrThrow({ where: { slug: 'ex-a' } });
    const assignment = await t.db.assignment.create({ data: { courseId: course.id, exerciseId: exerciseA.id } });
    // An hour old, so the matrix's many worlds do not trip the per-minute submission limit.
    const submission = await t.db.submission.create({
      data: {
        userId: people.studentIn.id,
        exerciseId: exerciseA.id,
        assignmentId: assignment.id,
        code: 'x',
        exerciseContentHash: exerciseA.contentHash,
        status: 'GRADED',
        score: 0.5,
        createdAt: new Date(Date.now() - 3_600_000),
        finishedAt: new Date(Date.now() - 3_500_000),
      },
    });
    // A reset link, written as the data layer writes one (hash of the token).
    const resetToken = fresh('reset-token');
    const { createHash } = await import('node:crypto');
    await t.db.passwordReset.create({
      data: { tokenHash: createHash('sha256').update(resetToken).digest('hex'), userId: bystander.id, issuedById: people.instructor.id, expiresAt: new Date(Date.now() + 3_600_000) },
    });
    return { slug, joinCode: course.joinCode, assignmentId: assignment.id, submissionId: submission.id, bystanderId: bystander.id, resetToken };
  }

  it('has an entry for every route file and method, and none for routes that do not exist', async () => {
    const routes = await discoverRoutes();
    expect([...routes.keys()].sort()).toEqual(Object.keys(MATRIX).sort());
  });

  it('answers every caller with the expected status', async () => {
    const routes = await discoverRoutes();
    const mismatches: string[] = [];
    for (const [key, cell] of Object.entries(MATRIX)) {
      const handler = routes.get(key);
      if (!handler) continue; // reported by the test above
      const [method, route] = key.split(' ') as [string, string];
      for (const persona of PERSONAS) {
        const world = await makeWorld();
        sessionToken = persona === 'anonymous' ? undefined : (await createSession(people[persona].id)).token;
        const params = cell.params?.(world) ?? {};
        const url = 'http://localhost' + route.replace(/\[(\w+)\]/g, (_, name: string) => encodeURIComponent(params[name]!)) + (cell.query ?? '');
        const body = cell.body?.(world);
        const request = new Request(url, {
          method,
          ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
        });
        const res = await handler(request, { params: Promise.resolve(params) });
        const detail = res.status >= 400 ? ` ${await res.text()}` : '';
        await res.body?.cancel().catch(() => undefined);
        if (res.status !== cell.expect[persona]) mismatches.push(`${key} as ${persona}: expected ${cell.expect[persona]}, got ${res.status}${detail}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 300_000);

  it('answers bad input through the real handlers with a clear 4xx and writes nothing', async () => {
    const routes = await discoverRoutes();
    const world = await makeWorld();
    const call = async (key: string, as: Persona, body: unknown, params: Record<string, string> = {}) => {
      sessionToken = as === 'anonymous' ? undefined : (await createSession(people[as].id)).token;
      const route = key.split(' ')[1]!.replace(/\[(\w+)\]/g, (_, name: string) => params[name]!);
      const res = await routes.get(key)!(
        new Request(`http://localhost${route}`, { method: key.split(' ')[0], headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
        { params: Promise.resolve(params) },
      );
      return { status: res.status, message: ((await res.json()) as { error?: { message: string } }).error?.message };
    };
    const counts = async () => [await t.db.user.count(), await t.db.enrollment.count(), await t.db.assignment.count(), await t.db.course.count()];
    const before = await counts();

    expect(await call('POST /api/auth/signup', 'anonymous', { email: 'STUDENT-IN@matrix.test', displayName: 'Copy', password: 'long-enough-password' })).toEqual({
      status: 409,
      message: 'An account with this email already exists. Sign in, or ask your instructor for a password-reset link.',
    });
    expect(await call('POST /api/auth/signup', 'anonymous', { email: 'long@matrix.test', displayName: 'x'.repeat(81), password: 'long-enough-password' })).toEqual({
      status: 400,
      message: 'Invalid sign-up: displayName: must be at most 80 characters',
    });
    expect(await call('POST /api/courses/join', 'studentOther', { joinCode: 'NOPE-NOPE' })).toMatchObject({ status: 404, message: expect.stringContaining('No course has the join code "NOPE-NOPE"') });
    expect(await call('POST /api/courses/join', 'studentIn', { joinCode: world.joinCode })).toMatchObject({ status: 409, message: expect.stringMatching(/^You are already in "World /) });
    const slug = { slug: world.slug };
    expect(await call('POST /api/courses/[slug]/assignments', 'instructor', { exerciseSlug: 'ex-b', opensAt: '2026-12-02T00:00:00Z', dueAt: '2026-12-01T00:00:00Z' }, slug)).toEqual({
      status: 400,
      message: 'dueAt: The due date must be after the opening date.',
    });
    expect(await call('POST /api/courses/[slug]/assignments', 'instructor', { exerciseSlug: 'ex-b', dueAt: 'tomorrow' }, slug)).toEqual({
      status: 400,
      message: 'Invalid assignment: dueAt: must be a date and time with a zone, like 2026-12-01T17:00:00Z',
    });
    expect(await call('POST /api/courses/[slug]/assignments', 'instructor', { exerciseSlug: 'ex-b', maxSubmissions: -3 }, slug)).toEqual({
      status: 400,
      message: 'Invalid assignment: maxSubmissions: must be at least 1',
    });
    expect(await call('POST /api/courses/[slug]/assignments', 'instructor', { exerciseSlug: 'ex-a' }, slug)).toEqual({
      status: 409,
      message: 'This course already has an assignment for "Exercise ex-a".',
    });
    expect(await call('POST /api/courses', 'instructor', { title: 'Dup', slug: world.slug })).toMatchObject({ status: 409 });
    expect(await counts()).toEqual(before);
  });

  it('a student of another course, an instructor of another course and a TA really cannot reach in (data unchanged)', async () => {
    // The matrix's refusals wrote nothing: the other course still has exactly its two members.
    expect(await t.db.enrollment.count({ where: { courseId: otherCourseId } })).toBe(2);
    expect(await t.db.course.findUnique({ where: { slug: 'other-course' }, select: { joinCode: true } })).toEqual({ joinCode: 'OTHER-0001' });
  });
});
