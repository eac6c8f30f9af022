// The precomputed counted scores leaderboards read (the LeaderboardScore table): one row per learner
// and assignment with a counted score, computed by the one definition (course-score.ts) whenever
// one of their submissions to it changes in a way that can change it:
// - a worker writes a verdict (completeSubmission): a grade, or an ending that frees an attempt;
// - the claim gives a job up (RETRIES_EXHAUSTED), which frees an attempt too;
// - an instructor sends submissions back for regrading (their grades no longer count meanwhile);
// - the course's freeze instant changes (the frozen rows are rebuilt).
// A new QUEUED submission cannot change a counted score (it is the latest attempt, ungraded), and
// nothing edits an assignment's scoring policy once made. `rebuildLeaderboardScores` recomputes
// everything; setup runs it on every start, which also heals rows written by anything that bypassed
// these paths. Each refresh bumps the course's leaderboard revision when a row changed, which is
// what live boards poll.
import { getDb, providerOfDb, type Db, type Provider, type Tx } from '../client';
import { getCountedScores } from './course-score';
import { declaredMetric } from './leaderboard-metric';

/**
 * Makes concurrent refreshes of one assignment's rows take turns, so each reads the submissions
 * after the previous one wrote (PostgreSQL: a row lock on the assignment that does not block
 * inserting submissions for it; SQLite allows one writing transaction at a time anyway).
 * Assignments are locked in id order, and before the course row, so two refreshes cannot deadlock.
 */
export async function lockAssignments(tx: Tx, provider: Provider, assignmentIds: readonly string[]): Promise<void> {
  if (provider !== 'postgresql' || assignmentIds.length === 0) return;
  const sorted = [...new Set(assignmentIds)].sort();
  await tx.$queryRawUnsafe(`SELECT "id" FROM "Assignment" WHERE "id" IN (${sorted.map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY "id" FOR NO KEY UPDATE`, ...sorted);
}

/** Up to this many learners are refreshed by name; more, and the whole assignment is. */
const MAX_LISTED_USERS = 200;

interface Row {
  userId: string;
  score: number;
  reachedAt: number;
  metric: number | null;
}

const same = (a: Row, b: Row) => a.score === b.score && a.reachedAt === b.reachedAt && a.metric === b.metric;

/**
 * Recomputes the rows of these learners on these assignments, live and (when the course has a freeze
 * instant) frozen, inside the caller's transaction. `userIds` undefined = every learner with a
 * submission to the assignment. Returns whether any row changed (the course revision is bumped then).
 */
export async function refreshLeaderboardScores(
  tx: Tx,
  provider: Provider,
  assignmentIds: readonly string[],
  userIds?: readonly string[],
): Promise<boolean> {
  if (assignmentIds.length === 0 || userIds?.length === 0) return false;
  // Many learners at once (a whole assignment's regrade): refresh the whole assignment instead of
  // listing them, which would pass SQLite's bound-parameter limit at a thousand.
  const listed = userIds !== undefined && userIds.length <= MAX_LISTED_USERS ? userIds : undefined;
  await lockAssignments(tx, provider, assignmentIds);
  const assignments = await tx.assignment.findMany({
    where: { id: { in: [...assignmentIds] } },
    select: { id: true, courseId: true, course: { select: { leaderboardFrozenAt: true } }, exercise: { select: { metadata: true } } },
  });
  const changedCourses = new Set<string>();
  for (const a of assignments) {
    const users =
      listed ?? [...new Set((await tx.submission.findMany({ where: { assignmentId: a.id }, select: { userId: true }, distinct: ['userId'] })).map((s) => s.userId))];
    const kind = declaredMetric(a.exercise.metadata)?.kind;
    const metricKinds = kind ? new Map([[a.id, kind]]) : undefined;
    const states: [boolean, Date | undefined][] = [[false, undefined]];
    if (a.course.leaderboardFrozenAt) states.push([true, a.course.leaderboardFrozenAt]);
    // Rows of a freeze that was lifted go too.
    if (!a.course.leaderboardFrozenAt) await tx.leaderboardScore.deleteMany({ where: { assignmentId: a.id, frozen: true } });
    for (const [frozen, submittedUntil] of states) {
      const counted = users.length ? await getCountedScores([a.id], users, tx, { ...(submittedUntil ? { submittedUntil } : {}), ...(metricKinds ? { metricKinds } : {}) }) : new Map();
      const fresh: Row[] = [];
      for (const userId of users) {
        const c = counted.get(`${a.id}:${userId}`);
        if (c?.score !== null && c?.score !== undefined && c.reachedAt) fresh.push({ userId, score: c.score, reachedAt: c.reachedAt.getTime(), metric: c.metric });
      }
      const where = { assignmentId: a.id, frozen, ...(listed ? { userId: { in: [...users] } } : {}) };
      const before = await tx.leaderboardScore.findMany({ where, select: { userId: true, score: true, reachedAt: true, metric: true } });
      const old = new Map(before.map((r) => [r.userId, { ...r, reachedAt: r.reachedAt.getTime() }]));
      const changed = fresh.length !== old.size || fresh.some((r) => !old.has(r.userId) || !same(old.get(r.userId)!, r));
      if (!changed) continue;
      changedCourses.add(a.courseId);
      await tx.leaderboardScore.deleteMany({ where });
      if (fresh.length) {
        await tx.leaderboardScore.createMany({
          data: fresh.map((r) => ({ assignmentId: a.id, userId: r.userId, frozen, score: r.score, reachedAt: new Date(r.reachedAt), metric: r.metric })),
        });
      }
    }
  }
  for (const courseId of changedCourses) await tx.course.update({ where: { id: courseId }, data: { leaderboardRevision: { increment: 1 } } });
  return changedCourses.size > 0;
}

/** After a submission's status or grade changed outside a transaction of the caller's: refresh its learner's row. */
export async function refreshLeaderboardScoresForSubmission(submissionId: string, db: Db = getDb()): Promise<void> {
  const provider = providerOfDb(db);
  await db.$transaction(async (tx) => {
    const s = await tx.submission.findUnique({ where: { id: submissionId }, select: { assignmentId: true, userId: true } });
    if (s?.assignmentId) await refreshLeaderboardScores(tx, provider, [s.assignmentId], [s.userId]);
  });
}

/** Recomputes every row of these courses (default: all). Idempotent; run by setup on every start. */
export async function rebuildLeaderboardScores(db: Db = getDb(), courseIds?: readonly string[]): Promise<{ assignments: number }> {
  const provider = providerOfDb(db);
  const assignments = await db.assignment.findMany({ where: courseIds ? { courseId: { in: [...courseIds] } } : {}, select: { id: true } });
  // One assignment per transaction: a large course does not hold one long write lock.
  for (const a of assignments) await db.$transaction((tx) => refreshLeaderboardScores(tx, provider, [a.id]), { timeout: 120_000 });
  return { assignments: assignments.length };
}
