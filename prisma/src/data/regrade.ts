// Regrading: an instructor sends one submission, or all of an assignment's, through the same queue
// again (after fixing an exercise's checks, say), behind every live submission. The old score and the
// exercise version it used are kept next to the new grade; the new grade uses the current version.
import { getDb, providerOfDb, type Db } from '../client';
import { refreshLeaderboardScores } from './leaderboard-scores';
import { requireCourseAccess, type Actor } from './course-access';
import { DbError } from './errors';
import { QUEUE_PRIORITY } from './queue-priority';

const FINISHED = ['GRADED', 'NOT_GRADABLE', 'INTERNAL_ERROR'] as const;

export async function regradeSubmissions(
  actor: Actor,
  courseSlug: string,
  input: { assignmentId: string; submissionId?: string },
  db: Db = getDb(),
  now = new Date(),
): Promise<{ queued: number }> {
  const course = await requireCourseAccess(courseSlug, actor, 'manage', db);
  const assignment = await db.assignment.findFirst({
    where: { id: input.assignmentId, courseId: course.id },
    select: { id: true, exercise: { select: { contentHash: true, archived: true } } },
  });
  if (!assignment) throw new DbError('NOT_FOUND', 'There is no such assignment in this course.');
  if (assignment.exercise.archived) throw new DbError('FORBIDDEN', 'This exercise was removed from the catalogue; it cannot be graded again.');
  if (input.submissionId) {
    const one = await db.submission.findFirst({ where: { id: input.submissionId, assignmentId: assignment.id }, select: { status: true } });
    if (!one) throw new DbError('NOT_FOUND', 'There is no such submission for this assignment.');
    if (!(FINISHED as readonly string[]).includes(one.status)) throw new DbError('CONFLICT', 'This submission is still waiting for its grade.');
  }
  const rows = await db.submission.findMany({
    where: { assignmentId: assignment.id, status: { in: [...FINISHED] }, ...(input.submissionId ? { id: input.submissionId } : {}) },
    select: { id: true, status: true, score: true, exerciseContentHash: true, userId: true },
  });
  const provider = providerOfDb(db);
  return db.$transaction(async (tx) => {
    let queued = 0;
    for (const r of rows) {
      // Conditional on the status read above: a row requeued meanwhile is not requeued twice.
      const done = await tx.submission.updateMany({
        where: { id: r.id, status: r.status },
        data: {
          status: 'QUEUED',
          priority: QUEUE_PRIORITY.regrade,
          previousScore: r.status === 'GRADED' ? r.score : null,
          previousContentHash: r.exerciseContentHash,
          exerciseContentHash: assignment.exercise.contentHash,
          regradedAt: now,
          score: null,
          metricKind: null,
          metricValue: null,
          message: null,
          reason: null,
          internalError: null,
          attempts: 0,
          leaseOwner: null,
          leaseExpiresAt: null,
          seed: null,
          gradingMs: null,
          startedAt: null,
          finishedAt: null,
        },
      });
      if (done.count === 1) {
        await tx.checkResult.deleteMany({ where: { submissionId: r.id } });
        queued++;
      }
    }
    // Waiting grades do not count: the learners' leaderboard rows drop them until the new grade.
    await refreshLeaderboardScores(tx, provider, [assignment.id], [...new Set(rows.map((r) => r.userId))]);
    return { queued };
  });
}
