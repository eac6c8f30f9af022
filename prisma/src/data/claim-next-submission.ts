// The queue's claim: hands the oldest claimable submission to exactly one worker, with a lease.
// Claimable = QUEUED, or RUNNING with an expired lease (its worker died). Correct under concurrency on
// both databases: PostgreSQL locks the candidate row with FOR UPDATE SKIP LOCKED; SQLite uses a
// conditional update (compare-and-set on status + attempts), retried when another worker won the race.
import { getDb, providerOfDb, type Db } from '../client';

export interface ClaimedSubmission {
  id: string;
  code: string;
  exerciseSlug: string;
  exerciseContentHash: string;
  attempts: number;
  leaseExpiresAt: Date;
}

export interface ClaimOptions {
  workerId: string;
  leaseMs: number;
  /** A job claimed more often than this (its workers kept dying) ends as INTERNAL_ERROR. */
  maxAttempts?: number;
  now?: Date;
}

const DEFAULT_MAX_ATTEMPTS = 3;

async function claimOnPostgres(db: Db, opts: ClaimOptions, now: Date, expires: Date): Promise<string | null> {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `UPDATE "Submission" SET "status" = 'RUNNING', "leaseOwner" = $1, "leaseExpiresAt" = $2,
            "attempts" = "attempts" + 1, "startedAt" = $3
      WHERE "id" = (
        SELECT "id" FROM "Submission"
         WHERE "status" = 'QUEUED' OR ("status" = 'RUNNING' AND "leaseExpiresAt" < $3)
         ORDER BY "createdAt", "id"
         LIMIT 1
         FOR UPDATE SKIP LOCKED)
      RETURNING "id"`,
    opts.workerId,
    expires,
    now,
  );
  return rows[0]?.id ?? null;
}

async function claimOnSqlite(db: Db, opts: ClaimOptions, now: Date, expires: Date): Promise<string | null> {
  for (let tries = 0; tries < 20; tries++) {
    const candidate = await db.submission.findFirst({
      where: { OR: [{ status: 'QUEUED' }, { status: 'RUNNING', leaseExpiresAt: { lt: now } }] },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { id: true, status: true, attempts: true },
    });
    if (!candidate) return null;
    const won = await db.submission.updateMany({
      where: { id: candidate.id, status: candidate.status, attempts: candidate.attempts },
      data: { status: 'RUNNING', leaseOwner: opts.workerId, leaseExpiresAt: expires, attempts: { increment: 1 }, startedAt: now },
    });
    if (won.count === 1) return candidate.id;
  }
  return null;
}

/** Claims the next job, or returns null when the queue is empty. */
export async function claimNextSubmission(opts: ClaimOptions, db: Db = getDb()): Promise<ClaimedSubmission | null> {
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  for (;;) {
    const now = opts.now ?? new Date();
    const expires = new Date(now.getTime() + opts.leaseMs);
    const id = providerOfDb(db) === 'postgresql' ? await claimOnPostgres(db, opts, now, expires) : await claimOnSqlite(db, opts, now, expires);
    if (!id) return null;
    const row = await db.submission.findUniqueOrThrow({ where: { id }, include: { exercise: { select: { slug: true } } } });
    if (row.attempts > maxAttempts) {
      // Poison job: every worker that took it died. Stop retrying; this is our fault, not the learner's.
      await db.submission.updateMany({
        where: { id, leaseOwner: opts.workerId, status: 'RUNNING' },
        data: {
          status: 'INTERNAL_ERROR',
          reason: 'RETRIES_EXHAUSTED',
          internalError: `Abandoned after ${row.attempts - 1} attempts whose workers stopped before finishing`,
          leaseOwner: null,
          leaseExpiresAt: null,
          finishedAt: new Date(),
        },
      });
      continue;
    }
    return {
      id: row.id,
      code: row.code,
      exerciseSlug: row.exercise.slug,
      exerciseContentHash: row.exerciseContentHash,
      attempts: row.attempts,
      leaseExpiresAt: expires,
    };
  }
}

