import { getDb, providerOfDb, type Db } from '../client';
import { assignmentSubmissionRefusal } from './assignments';
import { DbError } from './errors';
import { QUEUE_PRIORITY } from './queue-priority';
import { LOCK_SPACE, lockKeys, SERIALIZED_TX_OPTIONS } from './serialize-writers';

/** Largest accepted submission, in UTF-8 bytes: far above any exercise's solution (the API answers 413 beyond it). */
export const SUBMISSION_CODE_MAX_BYTES = 100_000;

/**
 * Per-learner limits that keep one person from flooding the shared grading queue: at most
 * `maxPending` submissions waiting or running at once, and at most `maxPerWindow` in any
 * `windowSeconds`. A course assignment adds its own cap and gap (assignments.ts).
 */
export const SUBMISSION_RATE_LIMIT = { maxPending: 3, maxPerWindow: 10, windowSeconds: 60 };

/**
 * Writes the submission as QUEUED and returns only once the row is durable, so an HTTP 202 sent
 * afterwards never refers to a job held only in memory.
 */
export async function createSubmission(
  input: { userId: string; exerciseSlug: string; code: string; assignmentId?: string | null },
  db: Db = getDb(),
): Promise<{ id: string }> {
  const bytes = Buffer.byteLength(input.code, 'utf8');
  if (bytes > SUBMISSION_CODE_MAX_BYTES) {
    throw new DbError('CODE_TOO_LARGE', `Code is ${bytes} bytes; the limit is ${SUBMISSION_CODE_MAX_BYTES} bytes`);
  }
  const exercise = await db.exercise.findFirst({ where: { slug: input.exerciseSlug, archived: false }, select: { id: true, contentHash: true } });
  if (!exercise) throw new DbError('UNKNOWN_EXERCISE', `No exercise named "${input.exerciseSlug}"`);

  const limit = SUBMISSION_RATE_LIMIT;
  const provider = providerOfDb(db);
  // Count and insert under one per-learner lock: without it, a burst of parallel requests all
  // count the same rows and all insert, overshooting the caps. A refusal is returned, not thrown,
  // so the transaction commits instead of rolling back: on SQLite the client's one connection is
  // shared, and a rollback would also undo any unrelated write that ran on it meanwhile.
  const outcome = await db.$transaction(async (tx): Promise<{ id: string } | DbError> => {
    await lockKeys(tx, provider, LOCK_SPACE.submissions, [input.userId]);
    // A course assignment's own rules (open window, attempt cap, gap) are checked under the same lock,
    // so parallel requests cannot outrun them either.
    if (input.assignmentId) {
      const refusal = await assignmentSubmissionRefusal(tx, { userId: input.userId, assignmentId: input.assignmentId, exerciseId: exercise.id });
      if (refusal) return refusal;
    }
    // Regrades an instructor queued are not the learner's doing and do not block them.
    const pending = await tx.submission.count({ where: { userId: input.userId, status: { in: ['QUEUED', 'RUNNING'] }, priority: { gte: QUEUE_PRIORITY.live } } });
    if (pending >= limit.maxPending) {
      return new DbError('RATE_LIMITED', `You already have ${pending} submissions waiting to be graded; wait for a verdict before submitting again.`, 5);
    }
    const since = new Date(Date.now() - limit.windowSeconds * 1000);
    const recent = await tx.submission.findMany({
      where: { userId: input.userId, createdAt: { gte: since } },
      orderBy: { createdAt: 'asc' },
      select: { createdAt: true },
    });
    if (recent.length >= limit.maxPerWindow) {
      const oldest = recent[recent.length - limit.maxPerWindow]!.createdAt.getTime();
      const wait = Math.max(1, Math.ceil((oldest + limit.windowSeconds * 1000 - Date.now()) / 1000));
      return new DbError('RATE_LIMITED', `At most ${limit.maxPerWindow} submissions per ${limit.windowSeconds} s; try again in ${wait} s.`, wait);
    }
    return tx.submission.create({
      data: {
        userId: input.userId,
        exerciseId: exercise.id,
        assignmentId: input.assignmentId ?? null,
        code: input.code,
        status: 'QUEUED',
        exerciseContentHash: exercise.contentHash,
      },
      select: { id: true },
    });
  }, SERIALIZED_TX_OPTIONS);
  if (outcome instanceof DbError) throw outcome;
  return outcome;
}
