// Assignments, the submission gate, the counted score and the gradebook, on SQLite and PostgreSQL.
import { createTestDatabase, type TestDatabase } from '../testing';
import { TEST_PROVIDERS } from '../test-providers';
import { assignmentState, createAssignment, getAssignmentForViewer, listAssignmentsForViewer } from './assignments';
import { countedScore, getCountedScores, lateMultiplier, type ScoredAttempt, type ScoringPolicy } from './course-score';
import { setCourseMemberRole } from './course-members';
import { createCourse, joinCourse } from './courses';
import { createSubmission } from './create-submission';
import { syncExercises } from './exercises';
import { getGradebook } from './gradebook';
import { createUser, type PublicUser } from './users';

const DAY = 24 * 3600 * 1000;
const T0 = new Date('2026-03-01T12:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);

describe('countedScore (the one definition of what the course counts)', () => {
  const policy = (p: Partial<ScoringPolicy> = {}): ScoringPolicy => ({ dueAt: T0, latePenaltyPerDay: null, lateUntil: null, maxSubmissions: null, ...p });
  let n = 0;
  const sub = (days: number, score: number | null, status = 'GRADED'): ScoredAttempt => ({ id: `s${String(n++).padStart(3, '0')}`, status, score, createdAt: at(days) });

  it('takes the best on-time score; nothing counted is null, not 0', () => {
    expect(countedScore(policy(), [])).toEqual({ score: null, rawScore: null, submissionId: null, late: false, attemptsUsed: 0, reachedAt: null, metric: null });
    const best = sub(-1, 0.9);
    expect(countedScore(policy(), [sub(-2, 0.4), best, sub(-0.5, 0.7)])).toMatchObject({ score: 0.9, submissionId: best.id, late: false, attemptsUsed: 3 });
  });

  it('deducts the penalty per started day late, until the cut-off; without a late policy late work counts nothing', () => {
    const late = policy({ latePenaltyPerDay: 0.1, lateUntil: at(3) });
    expect(lateMultiplier(late, at(0))).toBe(1);
    expect(lateMultiplier(late, new Date(T0.getTime() + 1000))).toBeCloseTo(0.9);
    expect(lateMultiplier(late, at(1))).toBeCloseTo(0.9);
    expect(lateMultiplier(late, at(1.01))).toBeCloseTo(0.8);
    expect(lateMultiplier(late, at(3))).toBeCloseTo(0.7);
    expect(lateMultiplier(late, at(3.01))).toBeNull();
    expect(lateMultiplier(policy({ latePenaltyPerDay: 0.6, lateUntil: at(5) }), at(2.5))).toBe(0);
    expect(lateMultiplier(policy(), at(0.01))).toBeNull();
    expect(lateMultiplier(policy({ dueAt: null }), at(100))).toBe(1);

    // 1.0 two days late = 0.8 beats 0.75 on time; 1.0 after the cut-off counts nothing.
    const r = countedScore(late, [sub(-1, 0.75), sub(1.5, 1), sub(4, 1)]);
    expect(r.score).toBeCloseTo(0.8);
    expect(r).toMatchObject({ rawScore: 1, late: true, attemptsUsed: 3 });
    expect(countedScore(policy(), [sub(0.5, 1)])).toMatchObject({ score: null, attemptsUsed: 1 });
  });

  it('counts only the first maxSubmissions attempts; NOT_GRADABLE and INTERNAL_ERROR are not attempts', () => {
    const capped = policy({ maxSubmissions: 2 });
    const subs = [sub(-5, null, 'NOT_GRADABLE'), sub(-4, 0.2), sub(-3, null, 'INTERNAL_ERROR'), sub(-2, 0.5), sub(-1, 1)];
    expect(countedScore(capped, subs)).toMatchObject({ score: 0.5, attemptsUsed: 3 });
    // A pending attempt uses a slot (its verdict may still come).
    expect(countedScore(capped, [sub(-4, null, 'QUEUED'), sub(-3, 0.3), sub(-2, 0.9)])).toMatchObject({ score: 0.3, attemptsUsed: 3 });
  });

  it('keeps the earliest of equal scores', () => {
    const first = sub(-3, 0.5);
    expect(countedScore(policy(), [sub(-1, 0.5), first]).submissionId).toBe(first.id);
  });

  it('places now in the window', () => {
    const w = { opensAt: at(-2), dueAt: at(0), latePenaltyPerDay: 0.1, lateUntil: at(2) };
    expect([at(-3), at(-1), at(1), at(3)].map((d) => assignmentState(w, d))).toEqual(['UPCOMING', 'OPEN', 'LATE', 'CLOSED']);
    expect(assignmentState({ ...w, latePenaltyPerDay: null }, at(1))).toBe('CLOSED');
  });
});

const exerciseDef = (slug: string) => ({
  meta: { slug, title: `T ${slug}`, summary: 's', difficulty: 'intro', concepts: ['c'], points: 10, position: 1, checks: [] },
  statement: '# S',
  starter: 'export {}',
  contentHash: `hash-${slug}`,
});

describe.each(TEST_PROVIDERS)('assignments on %s', (provider) => {
  let t: TestDatabase;
  let teacher: PublicUser;
  let ta: PublicUser;
  let alice: PublicUser;
  let bob: PublicUser;
  let outsider: PublicUser;

  const user = (name: string, role: PublicUser['role'] = 'STUDENT') =>
    createUser({ email: `${name}@${provider}.test`, displayName: name, password: `${name}-password`, role }, t.db);
  const exerciseId = async (slug: string) => (await t.db.exercise.findUniqueOrThrow({ where: { slug } })).id;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await syncExercises(['ex-a', 'ex-b', 'ex-c', 'ex-d', 'ex-e', 'ex-f'].map(exerciseDef), t.db);
    [teacher, ta, alice, bob, outsider] = await Promise.all([user('teacher', 'INSTRUCTOR'), user('ta'), user('alice'), user('bob'), user('outsider')]);
    const { joinCode } = await createCourse(teacher, { slug: 'c1', title: 'C1' }, t.db);
    await joinCourse(alice, joinCode, t.db);
    await joinCourse(bob, joinCode, t.db);
    await setCourseMemberRole(teacher, 'c1', { email: ta.email, role: 'TA' }, t.db);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('refuses inconsistent policies with messages naming the field, and writes nothing', async () => {
    const cases: [string, Parameters<typeof createAssignment>[2], string][] = [
      ['reversed dates', { exerciseSlug: 'ex-a', opensAt: at(1), dueAt: at(0) }, 'dueAt: The due date must be after the opening date.'],
      ['late policy without a due date', { exerciseSlug: 'ex-a', latePolicy: { penaltyPerDay: 0.1, cutoffAt: at(1) } }, 'latePolicy: A late policy needs a due date to be late from.'],
      ['cut-off before the due date', { exerciseSlug: 'ex-a', dueAt: at(1), latePolicy: { penaltyPerDay: 0.1, cutoffAt: at(0) } }, 'latePolicy.cutoffAt: The late cut-off must be after the due date.'],
      ['a penalty above 100 %', { exerciseSlug: 'ex-a', dueAt: at(1), latePolicy: { penaltyPerDay: 1.5, cutoffAt: at(2) } }, 'latePolicy.penaltyPerDay: The late penalty per day must be more than 0 and at most 1 (100 %).'],
      ['a negative cap', { exerciseSlug: 'ex-a', maxSubmissions: -1 }, 'maxSubmissions: The submission cap must be a whole number of at least 1.'],
      ['a negative gap', { exerciseSlug: 'ex-a', minSecondsBetween: -5 }, 'minSecondsBetween: The minimum gap must be a whole number of seconds, 0 or more.'],
    ];
    for (const [what, input, message] of cases) {
      const err = await createAssignment(teacher, 'c1', input, t.db).catch((e: unknown) => e);
      expect({ what, code: (err as { code?: string }).code, message: (err as Error).message }).toEqual({ what, code: 'INVALID', message });
    }
    await expect(createAssignment(teacher, 'c1', { exerciseSlug: 'no-such' }, t.db)).rejects.toMatchObject({ code: 'UNKNOWN_EXERCISE' });
    await expect(createAssignment(ta, 'c1', { exerciseSlug: 'ex-a' }, t.db)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(createAssignment(alice, 'c1', { exerciseSlug: 'ex-a' }, t.db)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(createAssignment(outsider, 'c1', { exerciseSlug: 'ex-a' }, t.db)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.db.assignment.count()).toBe(0);
    await createAssignment(teacher, 'c1', { exerciseSlug: 'ex-a' }, t.db);
    await expect(createAssignment(teacher, 'c1', { exerciseSlug: 'ex-a' }, t.db)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await t.db.assignment.count()).toBe(1);
  });

  it('gates submissions: members only, the right exercise, open window, cap and gap; refusals write nothing', async () => {
    const now = Date.now();
    const open = await createAssignment(teacher, 'c1', { exerciseSlug: 'ex-b', maxSubmissions: 2 }, t.db);
    const upcoming = await createAssignment(teacher, 'c1', { exerciseSlug: 'ex-c', opensAt: new Date(now + DAY), dueAt: new Date(now + 2 * DAY) }, t.db);
    const closed = await createAssignment(teacher, 'c1', { exerciseSlug: 'ex-d', dueAt: new Date(now - DAY) }, t.db);
    const gapped = await createAssignment(teacher, 'c1', { exerciseSlug: 'ex-e', minSecondsBetween: 3600 }, t.db);
    const submit = (who: PublicUser, exerciseSlug: string, assignmentId: string) => createSubmission({ userId: who.id, exerciseSlug, code: 'x', assignmentId }, t.db);
    const before = await t.db.submission.count();

    await expect(submit(outsider, 'ex-b', open.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(submit(alice, 'ex-a', open.id)).rejects.toMatchObject({ code: 'INVALID', message: 'This assignment is for the exercise "T ex-b"; submit that exercise\'s code.' });
    await expect(submit(alice, 'ex-c', upcoming.id)).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/^This assignment opens at \d{4}-\d\d-\d\d \d\d:\d\d UTC/) });
    await expect(submit(alice, 'ex-d', closed.id)).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/^This assignment closed at .* UTC; submissions are no longer accepted\.$/) });
    expect(await t.db.submission.count()).toBe(before);

    // Cap 2: a NOT_GRADABLE and an INTERNAL_ERROR attempt cost nothing.
    const first = await submit(alice, 'ex-b', open.id);
    await t.db.submission.update({ where: { id: first.id }, data: { status: 'NOT_GRADABLE' } });
    const second = await submit(alice, 'ex-b', open.id);
    await t.db.submission.update({ where: { id: second.id }, data: { status: 'INTERNAL_ERROR' } });
    await submit(alice, 'ex-b', open.id);
    await submit(alice, 'ex-b', open.id);
    await expect(submit(alice, 'ex-b', open.id)).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'You have used all 2 submissions for this assignment.' });
    expect(await t.db.submission.count({ where: { assignmentId: open.id } })).toBe(4);
    // Staff may try their own assignment (their attempts never reach the gradebook).
    await expect(submit(ta, 'ex-b', open.id)).resolves.toHaveProperty('id');

    // Gap: one graded submission per hour.
    await submit(bob, 'ex-e', gapped.id);
    const refused = await submit(bob, 'ex-e', gapped.id).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED' });
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(3500);

    const view = await getAssignmentForViewer(alice, 'c1', open.id, t.db);
    expect(view).toMatchObject({ state: 'OPEN', maxSubmissions: 2, standing: { attemptsUsed: 2, attemptsLeft: 0, nextSubmissionAt: null } });
    const bobView = await getAssignmentForViewer(bob, 'c1', gapped.id, t.db);
    expect(Date.parse(bobView.standing!.nextSubmissionAt!)).toBeGreaterThan(now + 3500_000);
    await expect(getAssignmentForViewer(outsider, 'c1', open.id, t.db)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await getAssignmentForViewer(teacher, 'c1', open.id, t.db)).toMatchObject({ standing: { attemptsUsed: 0 } });
  });

  it('reads counted scores for learners × assignments in one go, and the gradebook (students only, staff only)', async () => {
    const c = await t.db.course.findUniqueOrThrow({ where: { slug: 'c1' } });
    const a = await t.db.assignment.create({
      data: { courseId: c.id, exerciseId: await exerciseId('ex-f'), dueAt: T0, latePenaltyPerDay: 0.25, lateUntil: at(2), maxSubmissions: 3 },
    });
    const row = (userId: string, days: number, status: 'GRADED' | 'NOT_GRADABLE' | 'QUEUED', score: number | null) =>
      t.db.submission.create({ data: { userId, exerciseId: a.exerciseId, assignmentId: a.id, code: 'x', exerciseContentHash: 'h', status, score, createdAt: at(days) } });
    await row(alice.id, -1, 'GRADED', 0.5);
    await row(alice.id, 1.5, 'GRADED', 1); // two days late: 0.5, not better
    await row(alice.id, 0.5, 'NOT_GRADABLE', null);
    await row(bob.id, 0.5, 'GRADED', 1); // one day late: 0.75
    await row(bob.id, 1, 'GRADED', 0.2);
    await row(bob.id, 1.2, 'GRADED', 0.9);
    await row(bob.id, 1.8, 'GRADED', 1); // beyond the cap of 3

    const scores = await getCountedScores([a.id], [alice.id, bob.id, ta.id], t.db);
    expect(scores.get(`${a.id}:${alice.id}`)).toMatchObject({ score: 0.5, late: false, attemptsUsed: 2 });
    expect(scores.get(`${a.id}:${bob.id}`)).toMatchObject({ score: 0.75, rawScore: 1, late: true, attemptsUsed: 4 });
    expect(scores.get(`${a.id}:${ta.id}`)).toMatchObject({ score: null, attemptsUsed: 0 });

    await expect(getGradebook(alice, 'c1', t.db)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(getGradebook(outsider, 'c1', t.db)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const book = await getGradebook(ta, 'c1', t.db);
    expect(book.rows.map((r) => r.displayName)).toEqual(['alice', 'bob']);
    expect(book.columns.map((col) => col.exerciseSlug)).toContain('ex-f');
    expect(book.rows[1]!.scores[a.id]!.score).toBeCloseTo(0.75);

    const mine = await listAssignmentsForViewer(alice, 'c1', t.db);
    expect(mine.find((x) => x.id === a.id)).toMatchObject({ state: 'CLOSED', standing: { counted: { score: 0.5 }, attemptsLeft: 1 } });
    // Dated assignments first, nearest deadline first.
    expect(mine[0]!.id).toBe(a.id);
  });
});
