// Drafts: the code in a learner's editor, saved as they type, one per learner and exercise. The site
// saves after a pause in typing (web/src/components/use-draft.ts) and reopens an exercise on the
// newer of the draft and the last submission, so work survives a reload, a crash and a change of
// device. Last write wins: two tabs typing at once end with the later save.
import { getDb, type Db } from '../client';
import { SUBMISSION_CODE_MAX_BYTES } from './create-submission';
import { DbError, isUniqueViolation } from './errors';

/** A draft is bounded like a submission: a draft that can be saved can also be submitted. */
export const DRAFT_CODE_MAX_BYTES = SUBMISSION_CODE_MAX_BYTES;

export interface DraftView {
  exerciseSlug: string;
  code: string;
  updatedAt: string;
}

/** Saves (creates or overwrites) the learner's draft; refuses over-long code and unknown or archived exercises. */
export async function saveDraft(input: { userId: string; exerciseSlug: string; code: string }, db: Db = getDb()): Promise<{ updatedAt: string }> {
  const bytes = Buffer.byteLength(input.code, 'utf8');
  if (bytes > DRAFT_CODE_MAX_BYTES) throw new DbError('CODE_TOO_LARGE', `Code is ${bytes} bytes; the limit is ${DRAFT_CODE_MAX_BYTES} bytes`);
  const exercise = await db.exercise.findFirst({ where: { slug: input.exerciseSlug, archived: false }, select: { id: true } });
  if (!exercise) throw new DbError('UNKNOWN_EXERCISE', `No exercise named "${input.exerciseSlug}"`);
  const key = { userId_exerciseId: { userId: input.userId, exerciseId: exercise.id } };
  const write = () =>
    db.draft.upsert({
      where: key,
      create: { userId: input.userId, exerciseId: exercise.id, code: input.code },
      update: { code: input.code },
      select: { updatedAt: true },
    });
  let row: { updatedAt: Date };
  try {
    row = await write();
  } catch (err) {
    // Two first saves raced (two tabs): both tried to create; the loser now finds the row and updates it.
    if (!isUniqueViolation(err)) throw err;
    row = await write();
  }
  return { updatedAt: row.updatedAt.toISOString() };
}

/** The learner's draft for an exercise, or null (none saved, or the exercise is gone). */
export async function getDraft(userId: string, exerciseSlug: string, db: Db = getDb()): Promise<DraftView | null> {
  const row = await db.draft.findFirst({
    where: { userId, exercise: { slug: exerciseSlug, archived: false } },
    select: { code: true, updatedAt: true },
  });
  return row ? { exerciseSlug, code: row.code, updatedAt: row.updatedAt.toISOString() } : null;
}
