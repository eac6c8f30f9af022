// Course leaderboards on SQLite and PostgreSQL: ranking by the counted score with ties by time, late
// penalties, only graded work, the course total, board names and impersonation, opt-out, hidden
// and frozen boards, the trusted metric, "rank for me", and the live version.
import { createTestDatabase, type TestDatabase } from '../testing';
import { getCountedScores } from './course-score';
import { TEST_PROVIDERS } from '../test-providers';
import { countedScore, type ScoringPolicy } from './course-score';
import { setCourseMemberRole } from './course-members';
import { createCourse, joinCourse } from './courses';
import { syncExercises } from './exercises';
import { completeSubmission } from './grading-results';
import { getLeaderboard, getLeaderboardVersion, rankEntries, type Leaderboard } from './leaderboard';
import { rebuildLeaderboardScores, refreshLeaderboardScores } from './leaderboard-scores';
import { boardNameKey, parseBoardName, resolveBoardNames } from './leaderboard-names';
import { setLeaderboardSettings, setMyLeaderboardEntry } from './leaderboard-settings';
import { regradeSubmissions } from './regrade';
import { createUser, type PublicUser } from './users';

const DAY = 24 * 3600 * 1000;
const T0 = new Date('2026-03-01T12:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);

describe('ranking and names (pure)', () => {
  it('ranks by score, then the earlier time; only an exact tie of both shares a rank', () => {
    const e = (userId: string, score: number, days: number) => ({ userId, score, reachedAt: at(days), metric: null });
    const ranked = rankEntries([e('late', 1, 2), e('low', 0.5, -9), e('early', 1, 1), e('twin-b', 0.8, 0), e('twin-a', 0.8, 0)]);
    expect(ranked.map((r) => [r.userId, r.rank])).toEqual([
      ['early', 1],
      ['late', 2],
      ['twin-a', 3],
      ['twin-b', 3],
      ['low', 5],
    ]);
  });

  it('counts when the counted score was reached, and the lowest metric among the attempts that reach it', () => {
    const policy: ScoringPolicy = { dueAt: at(0), latePenaltyPerDay: 0.5, lateUntil: at(3), maxSubmissions: 4 };
    const s = (id: string, days: number, score: number | null, metric: number | null, status = 'GRADED') => ({ id, status, score, createdAt: at(days), metric });
    const c = countedScore(policy, [s('a', -3, 0.5, 1e-3), s('b', -2, 1, 5e-4), s('c', -1, 1, 2e-4), s('d', 0.5, 1, 1e-9), s('e', 0.6, 1, 1e-12)]);
    // 'b' reached 1 first; 'c' reached it too with a smaller metric; 'd' is late (0.5); 'e' is beyond the cap of 4.
    expect(c).toMatchObject({ score: 1, submissionId: 'b', reachedAt: at(-2), metric: 2e-4 });
  });

  it('keys names by letters and digits only, and tidies a chosen name or explains why not', () => {
    expect(boardNameKey('Ada  L.')).toBe(boardNameKey('ada l'));
    expect(boardNameKey('ＡＤＡ')).toBe('ada');
    expect(boardNameKey('José')).toBe(boardNameKey('JOSE'));
    expect(parseBoardName('  Quiet   Fox ')).toEqual({ name: 'Quiet Fox', key: 'quietfox' });
    expect(() => parseBoardName('x')).toThrow('a leaderboard name has 2 to 32 characters');
    expect(() => parseBoardName('Bob (2)')).toThrow("use letters, digits, spaces and . _ ' - only");
    expect(() => parseBoardName('<script>')).toThrow("use letters, digits, spaces and . _ ' - only");
    expect(() => parseBoardName('-- ..')).toThrow('needs at least 2 letters or digits');
    expect(() => parseBoardName('a'.repeat(33))).toThrow('2 to 32');
  });

  it('makes shown names unique: chosen names win, colliding account names get a suffix in order of joining', () => {
    const m = (userId: string, accountName: string, chosenName: string | null, days: number) => ({ userId, accountName, chosenName, joinedAt: at(days) });
    const names = resolveBoardNames([m('u1', 'Sam', null, 2), m('u2', 'sam', null, 1), m('u3', 'Kim', 'Sam 2', 5), m('u4', 'Lee', null, 0)]);
    expect(Object.fromEntries(names)).toEqual({ u2: 'sam', u1: 'Sam (3)', u3: 'Sam 2', u4: 'Lee' });
    expect(new Set([...names.values()].map(boardNameKey)).size).toBe(4);
  });
});

const metricMeta = {
  kind: 'relative-error',
  check: 'matches-reference',
  unit: 'relative error',
  better: 'lower',
  explanation: 'How far your outputs are from the reference.',
  rationale: 'Computed by the hidden check.',
};
const exerciseDef = (slug: string, metric = false) => ({
  meta: { slug, title: `T ${slug}`, summary: 's', difficulty: 'intro', concepts: ['c'], points: 10, position: 1, checks: [], ...(metric ? { leaderboardMetric: metricMeta } : {}) },
  statement: '# S',
  starter: 'export {}',
  contentHash: `hash-${slug}`,
});

describe.each(TEST_PROVIDERS)('leaderboards on %s', (provider) => {
  let t: TestDatabase;
  let teacher: PublicUser;
  let ta: PublicUser;
  let outsider: PublicUser;
  let ann: PublicUser;
  let ben: PublicUser;
  let cat: PublicUser;
  let dan: PublicUser;
  let a1: string;
  let a2: string;
  const user = (name: string, role: PublicUser['role'] = 'STUDENT') =>
    createUser({ email: `${name}@${provider}.lb.test`, displayName: name, password: `${name}-password`, role }, t.db);
  const exerciseId = async (slug: string) => (await t.db.exercise.findUniqueOrThrow({ where: { slug } })).id;
  /** What a worker's verdict does (completeSubmission): the row, then the learner's leaderboard row in the same transaction. */
  const refresh = (assignmentId: string, userIds: string[]) => t.db.$transaction((tx) => refreshLeaderboardScores(tx, provider, [assignmentId], userIds));
  const grade = async (who: PublicUser, assignmentId: string, days: number, score: number | null, extra: { status?: 'GRADED' | 'NOT_GRADABLE' | 'QUEUED'; metric?: number } = {}) => {
    const a = await t.db.assignment.findUniqueOrThrow({ where: { id: assignmentId } });
    const row = await t.db.submission.create({
      data: {
        userId: who.id,
        exerciseId: a.exerciseId,
        assignmentId,
        code: 'x',
        exerciseContentHash: 'h',
        status: extra.status ?? 'GRADED',
        score,
        createdAt: at(days),
        finishedAt: extra.status === 'QUEUED' ? null : at(days + 0.01),
        ...(extra.metric !== undefined ? { metricKind: 'relative-error', metricValue: extra.metric } : {}),
      },
    });
    await refresh(assignmentId, [who.id]);
    return row;
  };
  const shown = (b: Leaderboard) => {
    if (b.state !== 'shown') throw new Error('expected a shown board');
    return b;
  };
  const board = async (who: PublicUser, assignmentId?: string, now = at(10)) => shown(await getLeaderboard(who, 'lb', assignmentId ? { assignmentId } : {}, t.db, now));
  const table = (b: Leaderboard) => shown(b).rows.map((r) => [r.rank, r.name, r.score]);

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await syncExercises([exerciseDef('ex-a', true), exerciseDef('ex-b'), exerciseDef('ex-c')], t.db);
    [teacher, ta, outsider, ann, ben, cat, dan] = await Promise.all([user('teacher', 'INSTRUCTOR'), user('ta'), user('outsider'), user('ann'), user('ben'), user('cat'), user('dan')]);
    const { joinCode } = await createCourse(teacher, { slug: 'lb', title: 'Boards' }, t.db);
    for (const s of [ann, ben, cat, dan]) await joinCourse(s, joinCode, t.db);
    await setCourseMemberRole(teacher, 'lb', { email: ta.email, role: 'TA' }, t.db);
    const course = await t.db.course.findUniqueOrThrow({ where: { slug: 'lb' } });
    // A1: due at T0, 25 % a day late until T0 + 2 days, 3 attempts; A2: no deadline.
    a1 = (await t.db.assignment.create({ data: { courseId: course.id, exerciseId: await exerciseId('ex-a'), dueAt: at(0), latePenaltyPerDay: 0.25, lateUntil: at(2), maxSubmissions: 3 } })).id;
    a2 = (await t.db.assignment.create({ data: { courseId: course.id, exerciseId: await exerciseId('ex-b'), createdAt: at(-20) } })).id;

    await grade(ann, a1, -2, 1, { metric: 3e-7 });
    await grade(ann, a1, -1.5, 1, { metric: 1e-7 }); // as good, later: the time stays -2, the metric improves
    await grade(ben, a1, -1, 1, { metric: 2e-7 });
    await grade(cat, a1, 0.5, 1); // one day late: 0.75
    await grade(dan, a1, -3, 0.8);
    // Work that never counts: not graded, or beyond the cap.
    await grade(cat, a1, -4, 0.99, { status: 'NOT_GRADABLE' });
    await grade(dan, a1, -2.5, null, { status: 'QUEUED' });
    await grade(dan, a1, -2.4, 0.1);
    await grade(dan, a1, -2.3, 1); // the 4th attempt of 3
    // A2: two exact ties of score and time.
    await grade(ben, a2, 1, 0.5);
    await grade(cat, a2, 1, 0.5);
    await grade(dan, a2, 3, 1);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('ranks an assignment by the counted score (late penalty, cap, graded work only), ties by the earlier time', async () => {
    const b = await board(ann, a1);
    expect(table(b)).toEqual([
      [1, 'ann', 1],
      [2, 'ben', 1],
      [3, 'dan', 0.8],
      [4, 'cat', 0.75],
    ]);
    expect(b.rows[0]).toMatchObject({ reachedAt: at(-2).toISOString(), metric: 1e-7, me: true });
    expect(b.rows.slice(1).every((r) => !r.me)).toBe(true);
    expect(b.metric).toEqual({ kind: 'relative-error', unit: 'relative error', explanation: 'How far your outputs are from the reference.' });
    expect(b).toMatchObject({ maxScore: 1, viewerIsStaff: false, me: { rank: 1, of: 4, score: 1, behindTop: null, name: 'ann', chosenName: null, optedOut: false } });
    // Exact ties of score and time share a rank (in no particular order).
    expect(table(await board(ann, a2)).sort((x, y) => (x[0] as number) - (y[0] as number) || String(x[1]).localeCompare(String(y[1])))).toEqual([
      [1, 'dan', 1],
      [2, 'ben', 0.5],
      [2, 'cat', 0.5],
    ]);
  });

  it('ranks the course by the sum of counted scores, ties by when the total was reached', async () => {
    const b = await board(cat);
    expect(b.maxScore).toBe(2);
    expect(b.assignment).toBeNull();
    expect(b.metric).toBeNull();
    expect(table(b)).toEqual([
      [1, 'dan', 1.8],
      [2, 'ben', 1.5],
      [3, 'cat', 1.25],
      [4, 'ann', 1],
    ]);
    expect(b.rows.find((r) => r.name === 'ben')!.reachedAt).toBe(at(1).toISOString());
    expect(b.rows.every((r) => r.metric === null)).toBe(true);
  });

  it('lets a student choose a unique name, refuses impersonation and bad names, and shows staff the real names', async () => {
    await expect(setMyLeaderboardEntry(ann, 'lb', { name: '  Quiet   Fox ' }, t.db)).resolves.toEqual({ name: 'Quiet Fox', optOut: false });
    const refuse = (who: PublicUser, name: string) => setMyLeaderboardEntry(who, 'lb', { name }, t.db).catch((e: unknown) => ({ code: (e as { code: string }).code, message: (e as Error).message }));
    expect(await refuse(cat, 'QUIET-fox')).toEqual({ code: 'CONFLICT', message: 'Another member of this course already uses that leaderboard name; choose another.' });
    expect(await refuse(dan, 'Ben')).toEqual({ code: 'CONFLICT', message: "That is another member's name in this course; choose a name of your own." });
    expect(await refuse(dan, 'Teacher')).toMatchObject({ code: 'CONFLICT' });
    expect(await refuse(dan, 'B')).toMatchObject({ code: 'INVALID' });
    expect(await refuse(dan, 'ann (2)')).toMatchObject({ code: 'INVALID' });
    await expect(setMyLeaderboardEntry(ta, 'lb', { name: 'Helper' }, t.db)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(setMyLeaderboardEntry(outsider, 'lb', { name: 'Sneaky' }, t.db)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // One's own account name is fine.
    await expect(setMyLeaderboardEntry(dan, 'lb', { name: 'DAN' }, t.db)).resolves.toMatchObject({ name: 'DAN' });

    expect(table(await board(ben, a1)).map((r) => r[1])).toEqual(['Quiet Fox', 'ben', 'DAN', 'cat']);
    const staffView = await board(ta, a1);
    expect(staffView.rows.map((r) => [r.name, r.boardName])).toEqual([
      ['ann', 'Quiet Fox'],
      ['ben', 'ben'],
      ['dan', 'DAN'],
      ['cat', 'cat'],
    ]);
    expect(staffView).toMatchObject({ viewerIsStaff: true, me: null });
    // Back to the account name.
    await setMyLeaderboardEntry(dan, 'lb', { name: null }, t.db);
    expect((await board(dan, a1)).me).toMatchObject({ name: 'dan', chosenName: null });
  });

  it('leaves out an opted-out learner for other students (ranks close up), while they still see their own rank', async () => {
    await setMyLeaderboardEntry(ben, 'lb', { optOut: true }, t.db);
    try {
      expect(table(await board(dan, a1))).toEqual([
        [1, 'Quiet Fox', 1],
        [2, 'dan', 0.8],
        [3, 'cat', 0.75],
      ]);
      const own = await board(ben, a1);
      expect(own.me).toMatchObject({ rank: 2, of: 4, optedOut: true });
      expect(own.rows.find((r) => r.me)).toMatchObject({ rank: 2, name: 'ben' });
      const staffView = await board(teacher, a1);
      expect(staffView.rows.map((r) => [r.rank, r.name, r.optedOut])).toEqual([
        [1, 'ann', false],
        [2, 'ben', true],
        [3, 'dan', false],
        [4, 'cat', false],
      ]);
    } finally {
      await setMyLeaderboardEntry(ben, 'lb', { optOut: false }, t.db);
    }
  });

  it('follows role changes: a student made TA leaves the ranking, and comes back as a student', async () => {
    expect(table(await board(ann, a1)).map((r) => r[1])).toContain('dan');
    await setCourseMemberRole(teacher, 'lb', { email: dan.email, role: 'TA' }, t.db);
    try {
      expect(table(await board(ann, a1)).map((r) => r[1])).toEqual(['Quiet Fox', 'ben', 'cat']);
    } finally {
      await setCourseMemberRole(teacher, 'lb', { email: dan.email, role: 'STUDENT' }, t.db);
    }
    expect(table(await board(ann, a1)).map((r) => r[1])).toEqual(['Quiet Fox', 'ben', 'dan', 'cat']);
  });

  it('hides the boards from students only, when an instructor says so', async () => {
    await expect(setLeaderboardSettings(ta, 'lb', { hidden: true }, t.db)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(setLeaderboardSettings(ann, 'lb', { hidden: true }, t.db)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(setLeaderboardSettings(teacher, 'lb', { hidden: true }, t.db)).resolves.toEqual({ hidden: true, frozenAt: null });
    try {
      expect(await getLeaderboard(ann, 'lb', { assignmentId: a1 }, t.db)).toEqual({ state: 'hidden', course: { slug: 'lb', title: 'Boards' } });
      expect(await getLeaderboard(ann, 'lb', {}, t.db)).toMatchObject({ state: 'hidden' });
      expect(await board(ta, a1)).toMatchObject({ settings: { hidden: true } });
    } finally {
      await setLeaderboardSettings(teacher, 'lb', { hidden: false }, t.db);
    }
  });

  it('freezes the boards at an instant: later submissions do not count, a future freeze not yet', async () => {
    await setLeaderboardSettings(teacher, 'lb', { frozenAt: at(0.75) }, t.db);
    try {
      const late = await grade(dan, a2, 0.7, 0.9); // made before the freeze (graded whenever): it counts
      const after = await grade(ann, a2, 1.5, 1); // made after the freeze: it does not
      const frozen = await board(ann, undefined, at(5));
      expect(frozen.frozenAt).toBe(at(0.75).toISOString());
      // The other A2 work (day 1 and 3) came after the freeze too: A1 as it stood, plus dan's early A2.
      expect(table(frozen)).toEqual([
        [1, 'dan', 1.7],
        [2, 'Quiet Fox', 1],
        [3, 'ben', 1],
        [4, 'cat', 0.75],
      ]);
      // Before the freeze instant the board is live.
      const live = await board(ann, undefined, at(0.5));
      expect(live.frozenAt).toBeNull();
      expect(live.rows.find((r) => r.me)!.score).toBe(2);
      await t.db.submission.deleteMany({ where: { id: { in: [late.id, after.id] } } });
      await refresh(a2, [dan.id, ann.id]);
    } finally {
      await setLeaderboardSettings(teacher, 'lb', { frozenAt: null }, t.db);
    }
  });

  it('tells a learner outside the top 10 how far behind they are', async () => {
    const course = await t.db.course.findUniqueOrThrow({ where: { slug: 'lb' } });
    const crowd: PublicUser[] = [];
    for (let i = 0; i < 10; i++) {
      const u = await t.db.user.create({ data: { email: `crowd${i}@${provider}.lb.test`, displayName: `crowd ${i}`, passwordHash: 'x' } });
      await t.db.enrollment.create({ data: { courseId: course.id, userId: u.id } });
      crowd.push({ ...u, role: 'STUDENT' } as PublicUser);
    }
    try {
      // Ten learners at 0.9 to 0.99: the 10th place has 0.9.
      for (const [i, u] of crowd.entries()) await grade(u, a1, -1, 0.9 + i * 0.01);
      const b = await board(cat, a1);
      // ann and ben (1.0), then the crowd's 0.99 … 0.92 fill places 3–10; 0.91, 0.90, dan (0.8) and cat (0.75) follow.
      expect(b.rows[9]!.score).toBeCloseTo(0.92);
      expect(b.me).toMatchObject({ rank: 14, of: 14, score: 0.75 });
      expect(b.me!.behindTop).toBeCloseTo(0.17);
      expect((await board(ann, a1)).me).toMatchObject({ rank: 1, behindTop: null });
    } finally {
      await t.db.user.deleteMany({ where: { id: { in: crowd.map((u) => u.id) } } });
    }
  });

  it('keeps the precomputed rows equal to what the counting function says, and a rebuild heals rows that drifted', async () => {
    const fresh = async () => {
      const users = [ann, ben, cat, dan].map((u) => u.id);
      const scores = await getCountedScores([a1, a2], users, t.db, { metricKinds: new Map([[a1, 'relative-error']]) });
      return [...scores.entries()]
        .filter(([, c]) => c.score !== null)
        .map(([key, c]) => `${key} ${c.score} ${c.reachedAt!.toISOString()} ${c.metric}`)
        .sort();
    };
    const stored = async () =>
      (await t.db.leaderboardScore.findMany({ where: { frozen: false, assignmentId: { in: [a1, a2] } } }))
        .map((r) => `${r.assignmentId}:${r.userId} ${r.score} ${r.reachedAt.toISOString()} ${r.metric}`)
        .sort();
    expect(await stored()).toEqual(await fresh());
    // Something wrote around the maintained paths: a rebuild (run by setup on every start) puts it right.
    await t.db.leaderboardScore.updateMany({ where: { userId: dan.id, assignmentId: a1 }, data: { score: 0.01 } });
    await t.db.leaderboardScore.deleteMany({ where: { userId: ann.id, assignmentId: a2 } });
    expect(await stored()).not.toEqual(await fresh());
    await rebuildLeaderboardScores(t.db);
    expect(await stored()).toEqual(await fresh());
  });

  it('answers outsiders NOT_FOUND, and an assignment of another course NOT_FOUND', async () => {
    await expect(getLeaderboard(outsider, 'lb', {}, t.db)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { slug } = await createCourse(teacher, { slug: 'lb-other', title: 'Other' }, t.db);
    const other = await t.db.assignment.create({ data: { courseId: (await t.db.course.findUniqueOrThrow({ where: { slug } })).id, exerciseId: await exerciseId('ex-c') } });
    await expect(getLeaderboard(ann, 'lb', { assignmentId: other.id }, t.db)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('stores the trusted metric with the grade, clears it on regrade; the version follows grades and settings, not queued work', async () => {
    const v0 = await getLeaderboardVersion('lb', t.db);
    expect(v0).not.toBeNull();
    const a = await t.db.assignment.findUniqueOrThrow({ where: { id: a1 } });
    const job = await t.db.submission.create({
      data: { userId: cat.id, exerciseId: a.exerciseId, assignmentId: a1, code: 'x', exerciseContentHash: 'h', status: 'QUEUED', createdAt: at(-0.5) },
    });
    expect(await getLeaderboardVersion('lb', t.db)).toBe(v0);
    await t.db.submission.update({ where: { id: job.id }, data: { status: 'RUNNING', leaseOwner: 'w1' } });
    const outcome = { status: 'GRADED' as const, score: 1, checks: [], gradingMs: 5, metric: { kind: 'relative-error', value: 4e-7 } };
    expect(await completeSubmission(job.id, 'w1', outcome, t.db)).toBe(true);
    expect(await t.db.submission.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ metricKind: 'relative-error', metricValue: 4e-7 });
    const v1 = await getLeaderboardVersion('lb', t.db);
    expect(v1).not.toBe(v0);
    // cat is now on time with 1.0 at -0.5: third, with the metric.
    expect((await board(cat, a1)).rows.find((r) => r.me)).toMatchObject({ rank: 3, score: 1, metric: 4e-7 });

    await regradeSubmissions(teacher, 'lb', { assignmentId: a1, submissionId: job.id }, t.db);
    expect(await t.db.submission.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: 'QUEUED', metricKind: null, metricValue: null });
    const v2 = await getLeaderboardVersion('lb', t.db);
    expect(v2).not.toBe(v1);
    await setMyLeaderboardEntry(cat, 'lb', { name: 'Cat Five' }, t.db);
    expect(await getLeaderboardVersion('lb', t.db)).not.toBe(v2);
    expect(await getLeaderboardVersion('no-such-course', t.db)).toBeNull();
  });
});
