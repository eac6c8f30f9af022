// Regrading through the queue behind live submissions, and the instructor's assignment dashboard, on
// SQLite and PostgreSQL.
import { createTestDatabase, type TestDatabase } from '../testing';
import { TEST_PROVIDERS } from '../test-providers';
import { claimNextSubmission } from './claim-next-submission';
import { setCourseMemberRole } from './course-members';
import { createCourse, joinCourse } from './courses';
import { createSubmission } from './create-submission';
import { getAssignmentDashboard } from './dashboard';
import { syncExercises } from './exercises';
import { completeSubmission } from './grading-results';
import { regradeSubmissions } from './regrade';
import { getSubmissionForViewer } from './submission-views';
import { createUser, type PublicUser } from './users';

const exerciseDef = (hash: string) => ({
  meta: { slug: 'ex', title: 'Ex', summary: 's', difficulty: 'intro', concepts: ['c'], points: 10, position: 1, checks: [] },
  statement: '# S',
  starter: 'export {}',
  contentHash: hash,
});

const check = (name: string, passed: boolean) => ({
  name,
  title: `Check ${name}`,
  points: passed ? 1 : 0,
  maxPoints: 1,
  passed,
  message: passed ? 'ok' : 'no',
  visibility: 'VISIBLE' as const,
  facts: [],
  plots: [],
});

describe.each(TEST_PROVIDERS)('regrades and the dashboard on %s', (provider) => {
  let t: TestDatabase;
  let teacher: PublicUser;
  let ta: PublicUser;
  let alice: PublicUser;
  let bob: PublicUser;
  let carol: PublicUser;
  let assignmentId: string;

  const user = (name: string, role: PublicUser['role'] = 'STUDENT') =>
    createUser({ email: `${name}@${provider}.test`, displayName: name, password: `${name}-password`, role }, t.db);
  const submit = (who: PublicUser) => createSubmission({ userId: who.id, exerciseSlug: 'ex', code: `// ${who.displayName}`, assignmentId }, t.db);
  /** Claims the next job and grades it with these checks (score = share passed). */
  const gradeNext = async (checks: ReturnType<typeof check>[]) => {
    const job = await claimNextSubmission({ workerId: 'w', leaseMs: 60_000 }, t.db);
    if (!job) throw new Error('queue empty');
    const score = checks.filter((c) => c.passed).length / checks.length;
    await completeSubmission(job.id, 'w', { status: 'GRADED', score, checks, gradingMs: 1 } as never, t.db);
    return job;
  };

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await syncExercises([exerciseDef('v1')], t.db);
    [teacher, ta, alice, bob, carol] = await Promise.all([user('teacher', 'INSTRUCTOR'), user('ta'), user('alice'), user('bob'), user('carol')]);
    const { joinCode } = await createCourse(teacher, { slug: 'rg', title: 'RG' }, t.db);
    for (const s of [alice, bob, carol]) await joinCourse(s, joinCode, t.db);
    await setCourseMemberRole(teacher, 'rg', { email: ta.email, role: 'TA' }, t.db);
    const course = await t.db.course.findUniqueOrThrow({ where: { slug: 'rg' } });
    const exercise = await t.db.exercise.findUniqueOrThrow({ where: { slug: 'ex' } });
    assignmentId = (await t.db.assignment.create({ data: { courseId: course.id, exerciseId: exercise.id } })).id;
  });
  afterAll(async () => {
    await t.drop();
  });

  it('regrades a whole assignment behind live submissions, keeping the old score and version next to the new', async () => {
    const a1 = await submit(alice);
    const b1 = await submit(bob);
    await gradeNext([check('count', true), check('match', false)]); // alice 0.5
    await gradeNext([check('count', false), check('match', false)]); // bob 0
    const pendingCarol = await submit(carol);

    // The exercise's checks were fixed: a new version is on the site.
    await syncExercises([exerciseDef('v2')], t.db);
    await expect(regradeSubmissions(ta, 'rg', { assignmentId }, t.db)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(regradeSubmissions(alice, 'rg', { assignmentId }, t.db)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(regradeSubmissions(teacher, 'rg', { assignmentId, submissionId: pendingCarol.id }, t.db)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(regradeSubmissions(teacher, 'rg', { assignmentId: 'nope' }, t.db)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    expect(await regradeSubmissions(teacher, 'rg', { assignmentId }, t.db)).toEqual({ queued: 2 });
    const a = await t.db.submission.findUniqueOrThrow({ where: { id: a1.id }, include: { checkResults: true } });
    expect(a).toMatchObject({ status: 'QUEUED', score: null, previousScore: 0.5, previousContentHash: 'v1', exerciseContentHash: 'v2', priority: -10, attempts: 0 });
    expect(a.regradedAt).not.toBeNull();
    expect(a.checkResults).toEqual([]);
    // Carol's live submission was not touched, and goes first although the regrades are older.
    expect(await t.db.submission.findUniqueOrThrow({ where: { id: pendingCarol.id } })).toMatchObject({ priority: 0, exerciseContentHash: 'v1', previousScore: null });
    expect((await getSubmissionForViewer(pendingCarol.id, carol, t.db))?.queuePosition).toBe(1);
    expect((await getSubmissionForViewer(a1.id, alice, t.db))?.queuePosition).toBe(2);

    // Queued regrades do not count against the learner's own pending limit.
    const bobNow = await Promise.all([submit(bob), submit(bob)]);
    const order = [] as string[];
    for (let i = 0; i < 5; i++) order.push((await gradeNext([check('count', true), check('match', true)])).id);
    expect(order.slice(0, 3).sort()).toEqual([pendingCarol.id, ...bobNow.map((b) => b.id)].sort());
    expect(order.slice(3).sort()).toEqual([a1.id, b1.id].sort());
    // The regrade was graded against the version it was queued for.
    expect(await t.db.submission.findUniqueOrThrow({ where: { id: a1.id } })).toMatchObject({ status: 'GRADED', score: 1, previousScore: 0.5 });

    // One submission alone.
    expect(await regradeSubmissions(teacher, 'rg', { assignmentId, submissionId: b1.id }, t.db)).toEqual({ queued: 1 });
    expect(await t.db.submission.count({ where: { assignmentId, status: 'QUEUED' } })).toBe(1);
  });

  it('the dashboard: counted scores, histogram, per-check pass rates over each latest graded submission, queue', async () => {
    await expect(getAssignmentDashboard(alice, 'rg', assignmentId, t.db)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const d = await getAssignmentDashboard(ta, 'rg', assignmentId, t.db);
    expect(d.assignment).toMatchObject({ id: assignmentId, exerciseSlug: 'ex' });
    expect(d.learners.map((l) => [l.displayName, l.counted.score, l.counted.attemptsUsed])).toEqual([
      ['alice', 1, 1],
      ['bob', 1, 3],
      ['carol', 1, 1],
    ]);
    expect(d.learners.find((l) => l.displayName === 'bob')!.last).toMatchObject({ status: 'GRADED', score: 1 });
    expect(d.histogram).toEqual({ bins: [0, 0, 0, 0, 0, 0, 0, 0, 0, 3], noScore: 0 });
    expect(d.checks).toEqual([
      { name: 'count', title: 'Check count', passed: 3, total: 3 },
      { name: 'match', title: 'Check match', passed: 3, total: 3 },
    ]);
    // b1's regrade waits in the queue.
    expect(d.queue).toEqual({ queued: 1, running: 0, regradesWaiting: 1 });
  });
});
