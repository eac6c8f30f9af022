import { getDb, type Db } from '../client';
import { DbError } from './errors';

/** Largest accepted submission, in UTF-8 bytes (DESIGN §2). */
export const SUBMISSION_CODE_MAX_BYTES = 100_000;

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
  const row = await db.submission.create({
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
  return row;
}
