// The queue's claim: hands the oldest claimable submission of the highest priority (live submissions
// before regrades) to exactly one worker, with a lease.
// Claimable = QUEUED, or RUNNING with an expired lease (its worker died). Correct under concurrency on
// both databases: PostgreSQL locks the candidate row with FOR UPDATE SKIP LOCKED; SQLite uses a
// conditional update (compare-and-set on status + attempts), retried when another worker won the race.
import type { InternalErrorReason } from '@tyinglab/contract';
import { getDb, providerOfDb, type Db } from '../client';
import { refreshLeaderboardScoresForSubmission } from './leaderboard-scores';

export interface ClaimedSubmission {
  id: string;
  code: string;
  exerciseSlug: string;
  /** The version of the exercise the learner saw when submitting: the one to grade against. */
  exerciseContentHash: string;
  /** The exercise's version on the site now (the last sync); differs once the exercise changed. */
  currentContentHash: string;
  attempts: number;
  leaseExpiresAt: Date;
}

export interface ClaimOptions {
  workerId: string;
  leaseMs: number;
  /** A job claimed more often than this (its workers kept dying) ends as INTERNAL_ERROR. */
  maxAttempts?: number;
  /** Jobs this worker will not take now (it handed them back for a worker with their exercise version). */
  skip?: readonly string[];
  now?: Date;
}

const DEFAULT_MAX_ATTEMPTS = 3;

async function claimOnPostgres(db: Db, opts: ClaimOptions, now: Date, expires: Date): Promise<string | null> {
  const skip = opts.skip ?? [];
  // One bound parameter per skipped id ($4, $5, …): the list is short (a worker's handed-back jobs).
  const notSkipped = skip.length ? `AND "id" NOT IN (${skip.map((_, i) => `$${i + 4}`).join(', ')})` : '';
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `UPDATE "Submission" SET "status" = 'RUNNING', "leaseOwner" = $1, "leaseExpiresAt" = $2,
            "attempts" = "attempts" + 1, "startedAt" = $3
      WHERE "id" = (
        SELECT "id" FROM "Submission"
         WHERE ("status" = 'QUEUED' OR ("status" = 'RUNNING' AND "leaseExpiresAt" < $3)) ${notSkipped}
         ORDER BY "priority" DESC, "createdAt", "id"
         LIMIT 1
         FOR UPDATE SKIP LOCKED)
      RETURNING "id"`,
    opts.workerId,
    expires,
    now,
    ...skip,
  );
  return rows[0]?.id ?? null;
}

async function claimOnSqlite(db: Db, opts: ClaimOptions, now: Date, expires: Date): Promise<string | null> {
  for (let tries = 0; tries < 20; tries++) {
    const candidate = await db.submission.findFirst({
      where: { OR: [{ status: 'QUEUED' }, { status: 'RUNNING', leaseExpiresAt: { lt: now } }], ...(opts.skip?.length ? { id: { notIn: [...opts.skip] } } : {}) },
      orderBy: [{ priority: 'desc' }, { createdAt: 'asc' }, { id: 'asc' }],
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
    const row = await db.submission.findUniqueOrThrow({ where: { id }, include: { exercise: { select: { slug: true, contentHash: true } } } });
    if (row.attempts > maxAttempts) {
      // Poison job: every worker that took it died. Stop retrying; this is our fault, not the learner's.
      await db.submission.updateMany({
        where: { id, leaseOwner: opts.workerId, status: 'RUNNING' },
        data: {
          status: 'INTERNAL_ERROR',
          reason: 'RETRIES_EXHAUSTED' satisfies InternalErrorReason,
          internalError: `Abandoned after ${row.attempts - 1} attempts whose workers stopped before finishing`,
          leaseOwner: null,
          leaseExpiresAt: null,
          finishedAt: new Date(),
        },
      });
      // The attempt no longer counts against the cap: the learner's leaderboard row may change.
      await refreshLeaderboardScoresForSubmission(id, db);
      continue;
    }
    return {
      id: row.id,
      code: row.code,
      exerciseSlug: row.exercise.slug,
      exerciseContentHash: row.exerciseContentHash,
      currentContentHash: row.exercise.contentHash,
      attempts: row.attempts,
      leaseExpiresAt: expires,
    };
  }
}

