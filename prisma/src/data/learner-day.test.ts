// What a learner sees of their own work: drafts, progress per exercise, the overview with course
// assignments, and the paged, numbered submission history; on SQLite and PostgreSQL.
import { createTestDatabase, type TestDatabase } from '../testing';
import { TEST_PROVIDERS } from '../test-providers';
import { createAssignment } from './assignments';
import { createCourse, joinCourse } from './courses';
import { DRAFT_CODE_MAX_BYTES, getDraft, saveDraft } from './drafts';
import { syncExercises } from './exercises';
import { getExerciseProgress, getLearnerOverview } from './progress';
import { listSubmissionsForUser } from './submission-views';
import { createUser, type PublicUser } from './users';

const exerciseDef = (slug: string, position: number) => ({
  meta: { slug, title: `T ${slug}`, summary: 's', difficulty: 'intro', concepts: ['c'], points: 10, position, checks: [] },
  statement: '# S',
  starter: 'export {}',
  contentHash: `h-${slug}`,
});

const T0 = new Date('2026-05-01T10:00:00Z').getTime();

describe.each(TEST_PROVIDERS)('the learner’s own work on %s', (provider) => {
  let t: TestDatabase;
  let ada: PublicUser;
  let ben: PublicUser;
  let n = 0;

  const user = (name: string, role: PublicUser['role'] = 'STUDENT') =>
    createUser({ email: `${name}@${provider}.learner-day.test`, displayName: name, password: `${name}-password`, role }, t.db);

  /** A submission row written as the worker leaves it, `minutes` after T0. */
  async function submission(who: PublicUser, slug: string, minutes: number, status: string, score: number | null = null, assignmentId?: string) {
    const exercise = await t.db.exercise.findUniqueOrThrow({ where: { slug } });
    return t.db.submission.create({
      data: {
        userId: who.id,
        exerciseId: exercise.id,
        code: `// ${n++}`,
        status: status as 'GRADED',
        score,
        exerciseContentHash: exercise.contentHash,
        createdAt: new Date(T0 + minutes * 60_000),
        ...(assignmentId ? { assignmentId } : {}),
      },
    });
  }

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await syncExercises([exerciseDef('ex-a', 1), exerciseDef('ex-b', 2), exerciseDef('ex-c', 3), exerciseDef('ex-gone', 4)], t.db);
    [ada, ben] = await Promise.all([user('ada'), user('ben')]);
  });
  afterAll(async () => {
    await t.drop();
  });

  describe('drafts', () => {
    it('saves, reads back and overwrites one draft per learner and exercise; nobody else sees it', async () => {
      expect(await getDraft(ada.id, 'ex-a', t.db)).toBeNull();
      const first = await saveDraft({ userId: ada.id, exerciseSlug: 'ex-a', code: 'const a = 1;' }, t.db);
      expect(await getDraft(ada.id, 'ex-a', t.db)).toEqual({ exerciseSlug: 'ex-a', code: 'const a = 1;', updatedAt: first.updatedAt });
      await new Promise((r) => setTimeout(r, 5));
      const second = await saveDraft({ userId: ada.id, exerciseSlug: 'ex-a', code: 'const a = 2; // ünïcödé' }, t.db);
      expect(second.updatedAt > first.updatedAt).toBe(true);
      expect((await getDraft(ada.id, 'ex-a', t.db))?.code).toBe('const a = 2; // ünïcödé');
      expect(await t.db.draft.count({ where: { userId: ada.id } })).toBe(1);
      expect(await getDraft(ben.id, 'ex-a', t.db)).toBeNull();
      expect(await getDraft(ada.id, 'ex-b', t.db)).toBeNull();
    });

    it('survives two first saves at once (two tabs): one row, one of the two texts', async () => {
      const eve = await user('eve');
      await Promise.all([saveDraft({ userId: eve.id, exerciseSlug: 'ex-a', code: 'tab 1' }, t.db), saveDraft({ userId: eve.id, exerciseSlug: 'ex-a', code: 'tab 2' }, t.db)]);
      expect(await t.db.draft.count({ where: { userId: eve.id } })).toBe(1);
      expect(['tab 1', 'tab 2']).toContain((await getDraft(eve.id, 'ex-a', t.db))?.code);
    });

    it('refuses code over the submission limit (counted in UTF-8 bytes) and unknown exercises, writing nothing', async () => {
      const before = await t.db.draft.count();
      // Under the limit in characters, over it in bytes.
      const big = 'é'.repeat(DRAFT_CODE_MAX_BYTES / 2 + 1);
      await expect(saveDraft({ userId: ben.id, exerciseSlug: 'ex-a', code: big }, t.db)).rejects.toMatchObject({ code: 'CODE_TOO_LARGE' });
      await expect(saveDraft({ userId: ben.id, exerciseSlug: 'no-such', code: 'x' }, t.db)).rejects.toMatchObject({ code: 'UNKNOWN_EXERCISE' });
      expect(await saveDraft({ userId: ben.id, exerciseSlug: 'ex-b', code: 'x'.repeat(DRAFT_CODE_MAX_BYTES) }, t.db)).toHaveProperty('updatedAt');
      expect(await t.db.draft.count()).toBe(before + 1);
    });
  });

  describe('progress and history', () => {
    let carl: PublicUser;

    beforeAll(async () => {
      carl = await user('carl');
      // ex-a: a compile error, then 40 %, a queued one, 100 %, 70 % and a grader failure.
      await submission(carl, 'ex-a', 1, 'NOT_GRADABLE');
      await submission(carl, 'ex-a', 2, 'GRADED', 0.4);
      await submission(carl, 'ex-a', 3, 'GRADED', 1);
      await submission(carl, 'ex-a', 4, 'GRADED', 0.7);
      await submission(carl, 'ex-a', 5, 'INTERNAL_ERROR');
      await submission(carl, 'ex-a', 6, 'QUEUED');
      // ex-b: never graded well; ex-c: only a compile error. Ben's work is his own.
      await submission(carl, 'ex-b', 1, 'GRADED', 0.25);
      await submission(carl, 'ex-c', 1, 'NOT_GRADABLE');
      await submission(ben, 'ex-a', 1, 'GRADED', 1);
    });

    it('counts attempts as courses do, keeps the best graded score and marks full marks solved', async () => {
      const progress = await getExerciseProgress(carl.id, {}, t.db);
      const bySlug = Object.fromEntries(progress.map((p) => [p.exerciseSlug, p]));
      expect(Object.keys(bySlug).sort()).toEqual(['ex-a', 'ex-b', 'ex-c']);
      expect(bySlug['ex-a']).toEqual({ exerciseSlug: 'ex-a', attempts: 4, bestScore: 1, solved: true, lastSubmittedAt: new Date(T0 + 6 * 60_000).toISOString() });
      expect(bySlug['ex-b']).toMatchObject({ attempts: 1, bestScore: 0.25, solved: false });
      // Tried, but nothing that counts: no attempt, no score.
      expect(bySlug['ex-c']).toMatchObject({ attempts: 0, bestScore: null, solved: false });
      expect(await getExerciseProgress(carl.id, { exerciseSlug: 'ex-b' }, t.db)).toEqual([bySlug['ex-b']]);
      expect(await getExerciseProgress(carl.id, { exerciseSlug: 'no-such' }, t.db)).toEqual([]);
    });

    it('leaves archived exercises out', async () => {
      await submission(carl, 'ex-gone', 1, 'GRADED', 1);
      expect((await getExerciseProgress(carl.id, {}, t.db)).map((p) => p.exerciseSlug)).toContain('ex-gone');
      await t.db.exercise.update({ where: { slug: 'ex-gone' }, data: { archived: true } });
      expect((await getExerciseProgress(carl.id, {}, t.db)).map((p) => p.exerciseSlug)).not.toContain('ex-gone');
    });

    it('numbers attempts in the history, newest first; endings that cost no attempt have no number', async () => {
      const page = await listSubmissionsForUser(carl.id, 'ex-a', {}, t.db);
      expect(page.more).toBe(false);
      expect(page.submissions.map((s) => [s.status, s.score, s.attempt])).toEqual([
        ['QUEUED', null, 4],
        ['INTERNAL_ERROR', null, null],
        ['GRADED', 0.7, 3],
        ['GRADED', 1, 2],
        ['GRADED', 0.4, 1],
        ['NOT_GRADABLE', null, null],
      ]);
      expect(page.submissions[0]!.createdAt).toBe(new Date(T0 + 6 * 60_000).toISOString());
    });

    it('pages back through older submissions with the same numbers; a foreign cursor gives nothing', async () => {
      const all = await listSubmissionsForUser(carl.id, 'ex-a', {}, t.db);
      const first = await listSubmissionsForUser(carl.id, 'ex-a', { take: 4 }, t.db);
      expect(first.more).toBe(true);
      expect(first.submissions).toEqual(all.submissions.slice(0, 4));
      const second = await listSubmissionsForUser(carl.id, 'ex-a', { take: 4, before: first.submissions[3]!.id }, t.db);
      expect(second).toEqual({ submissions: all.submissions.slice(4), more: false });
      // Ben's submission, or one to another exercise, is no cursor into Carl's ex-a history.
      const bens = await listSubmissionsForUser(ben.id, 'ex-a', {}, t.db);
      expect(await listSubmissionsForUser(carl.id, 'ex-a', { before: bens.submissions[0]!.id }, t.db)).toEqual({ submissions: [], more: false });
      const exB = await listSubmissionsForUser(carl.id, 'ex-b', {}, t.db);
      expect(await listSubmissionsForUser(carl.id, 'ex-a', { before: exB.submissions[0]!.id }, t.db)).toEqual({ submissions: [], more: false });
    });

    it('orders submissions made in the same millisecond by id, so no page repeats or skips one', async () => {
      const dora = await user('dora');
      for (let i = 0; i < 5; i++) await submission(dora, 'ex-b', 0, 'GRADED', i / 10);
      const ids: string[] = [];
      let before: string | undefined;
      for (;;) {
        const page = await listSubmissionsForUser(dora.id, 'ex-b', { take: 2, ...(before ? { before } : {}) }, t.db);
        ids.push(...page.submissions.map((s) => s.id));
        if (!page.more) break;
        before = page.submissions[page.submissions.length - 1]!.id;
      }
      expect(ids).toHaveLength(5);
      expect(new Set(ids).size).toBe(5);
      const numbers = (await listSubmissionsForUser(dora.id, 'ex-b', {}, t.db)).submissions.map((s) => s.attempt);
      expect(numbers).toEqual([5, 4, 3, 2, 1]);
    });
  });

  describe('the overview', () => {
    it('lists the learner’s courses with each assignment’s standing, and only courses they study in', async () => {
      const teacher = await user('teacher', 'INSTRUCTOR');
      const fay = await user('fay');
      const { joinCode } = await createCourse(teacher, { slug: `ml-${provider}`, title: 'Machine learning' }, t.db);
      await createCourse(teacher, { slug: `other-${provider}`, title: 'Not hers' }, t.db);
      await joinCourse(fay, joinCode, t.db);
      const { id } = await createAssignment(teacher, `ml-${provider}`, { exerciseSlug: 'ex-a', maxSubmissions: 3 }, t.db);
      await submission(fay, 'ex-a', 1, 'GRADED', 0.5, id);
      await submission(fay, 'ex-a', 2, 'NOT_GRADABLE', null, id);
      await submission(fay, 'ex-b', 1, 'GRADED', 0.9);

      const overview = await getLearnerOverview(fay, t.db);
      expect(overview.exercises.map((e) => [e.exerciseSlug, e.attempts, e.bestScore]).sort()).toEqual([
        ['ex-a', 1, 0.5],
        ['ex-b', 1, 0.9],
      ]);
      expect(overview.courses).toHaveLength(1);
      expect(overview.courses[0]).toMatchObject({ slug: `ml-${provider}`, title: 'Machine learning' });
      expect(overview.courses[0]!.assignments).toHaveLength(1);
      expect(overview.courses[0]!.assignments[0]).toMatchObject({
        id,
        exercise: { slug: 'ex-a' },
        maxSubmissions: 3,
        standing: { attemptsUsed: 1, attemptsLeft: 2, counted: { score: 0.5 } },
      });
      // The instructor teaches these courses but studies in none.
      expect((await getLearnerOverview(teacher, t.db)).courses).toEqual([]);
    });
  });
});
