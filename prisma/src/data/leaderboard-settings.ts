// Changing what a course's leaderboards show: the instructors hide them or freeze them at an
// instant; a student picks the name they appear under in this course, or leaves the boards. Each
// change bumps the course's leaderboard revision, which live boards poll (leaderboard.ts).
import { getDb, providerOfDb, type Db, type Tx } from '../client';
import { requireCourseAccess, type Actor } from './course-access';
import { DbError, isUniqueViolation } from './errors';
import { lockAssignments, refreshLeaderboardScores } from './leaderboard-scores';
import { boardNameKey, parseBoardName } from './leaderboard-names';

/**
 * Hides the boards from students (or shows them again) and sets or lifts the freeze instant (past:
 * frozen now; future: frozen from then on). A new freeze instant recomputes the frozen scores, one
 * assignment per transaction afterwards, so the graders' writes never wait for the whole course.
 */
export async function setLeaderboardSettings(
  actor: Actor,
  courseSlug: string,
  input: { hidden?: boolean; frozenAt?: Date | null },
  db: Db = getDb(),
): Promise<{ hidden: boolean; frozenAt: string | null }> {
  const course = await requireCourseAccess(courseSlug, actor, 'manage', db);
  const provider = providerOfDb(db);
  const refreeze = input.frozenAt !== undefined;
  const assignmentIds = refreeze ? (await db.assignment.findMany({ where: { courseId: course.id }, select: { id: true } })).map((a) => a.id) : [];
  const row = await db.$transaction(async (tx) => {
    // The assignments before the course row: the order every refresh takes them in.
    await lockAssignments(tx, provider, assignmentIds);
    const updated = await tx.course.update({
      where: { id: course.id },
      data: {
        ...(input.hidden !== undefined ? { leaderboardHidden: input.hidden } : {}),
        ...(refreeze ? { leaderboardFrozenAt: input.frozenAt } : {}),
        leaderboardRevision: { increment: 1 },
      },
      select: { leaderboardHidden: true, leaderboardFrozenAt: true },
    });
    // Frozen rows of another instant are wrong now; from here on every refresh uses the new one.
    if (refreeze) await tx.leaderboardScore.deleteMany({ where: { assignmentId: { in: assignmentIds }, frozen: true } });
    return updated;
  });
  if (refreeze && row.leaderboardFrozenAt) {
    for (const id of assignmentIds) await db.$transaction((tx) => refreshLeaderboardScores(tx, provider, [id]), { timeout: 120_000 });
    // Live boards fetch again once the frozen rows are complete.
    await db.course.update({ where: { id: course.id }, data: { leaderboardRevision: { increment: 1 } } });
  }
  return { hidden: row.leaderboardHidden, frozenAt: row.leaderboardFrozenAt?.toISOString() ?? null };
}

/** Refuses a chosen name that another member of the course already goes by, chosen or on their account. */
async function assertNameFree(tx: Tx, courseId: string, userId: string, key: string): Promise<void> {
  const others = await tx.enrollment.findMany({
    where: { courseId, userId: { not: userId } },
    select: { leaderboardNameKey: true, user: { select: { displayName: true } } },
  });
  for (const o of others) {
    if (o.leaderboardNameKey === key) throw new DbError('CONFLICT', 'Another member of this course already uses that leaderboard name; choose another.');
    if (boardNameKey(o.user.displayName) === key) throw new DbError('CONFLICT', "That is another member's name in this course; choose a name of your own.");
  }
}

/**
 * The student's own entry on the course's boards: `name` (null = their account's display name) and
 * `optOut` (absent for everyone else; they still see their own rank). Students only: staff are not
 * ranked.
 */
export async function setMyLeaderboardEntry(
  actor: Actor,
  courseSlug: string,
  input: { name?: string | null; optOut?: boolean },
  db: Db = getDb(),
): Promise<{ name: string | null; optOut: boolean }> {
  const course = await requireCourseAccess(courseSlug, actor, 'view', db);
  if (course.enrolledAs !== 'STUDENT') throw new DbError('FORBIDDEN', 'Only the students of a course appear on its leaderboards.');
  const chosen = input.name === undefined || input.name === null ? input.name : parseBoardName(input.name);
  try {
    return await db.$transaction(async (tx) => {
      if (chosen) await assertNameFree(tx, course.id, actor.id, chosen.key);
      const row = await tx.enrollment.update({
        where: { courseId_userId: { courseId: course.id, userId: actor.id } },
        data: {
          ...(chosen !== undefined ? { leaderboardName: chosen?.name ?? null, leaderboardNameKey: chosen?.key ?? null } : {}),
          ...(input.optOut !== undefined ? { leaderboardOptOut: input.optOut } : {}),
        },
        select: { leaderboardName: true, leaderboardOptOut: true },
      });
      await tx.course.update({ where: { id: course.id }, data: { leaderboardRevision: { increment: 1 } } });
      return { name: row.leaderboardName, optOut: row.leaderboardOptOut };
    });
  } catch (err) {
    // Two learners choosing the same name at once: the unique key lets only one through.
    if (isUniqueViolation(err)) throw new DbError('CONFLICT', 'Another member of this course already uses that leaderboard name; choose another.');
    throw err;
  }
}
