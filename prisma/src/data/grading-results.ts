// Writing a worker's verdict, renewing and releasing leases. Every write is conditional on the
// worker still holding the lease: a worker that lost its lease (it stalled and another re-claimed
// the job) cannot overwrite the other's result.
import type { CheckDetails, CheckResult, InternalErrorReason, NotGradableReason } from '@tyinglab/contract';
import { getDb, providerOfDb, type Db } from '../client';
import { refreshLeaderboardScores } from './leaderboard-scores';

/** A worker's verdict as stored: checks, reasons and their meaning are the results contract's. */
export type FinalOutcome =
  /** `metric`: the exercise's leaderboard metric as the trusted check measured it (docs/leaderboards.md). */
  | { status: 'GRADED'; score: number; checks: CheckResult[]; gradingMs: number; seed?: string; metric?: { kind: string; value: number } | null }
  | { status: 'NOT_GRADABLE'; reason: NotGradableReason; message: string; gradingMs: number; seed?: string }
  /** `internalError` is diagnostics for us; learners read the contract's text for `reason`. */
  | { status: 'INTERNAL_ERROR'; reason: InternalErrorReason; internalError: string; gradingMs: number; seed?: string };

/** Extends the lease; false when this worker no longer holds it. */
export async function renewLease(id: string, workerId: string, leaseMs: number, db: Db = getDb()): Promise<boolean> {
  const r = await db.submission.updateMany({
    where: { id, leaseOwner: workerId, status: 'RUNNING' },
    data: { leaseExpiresAt: new Date(Date.now() + leaseMs) },
  });
  return r.count === 1;
}

/** Puts a job back in the queue untouched (graceful shutdown); the attempt is not counted. */
export async function releaseSubmission(id: string, workerId: string, db: Db = getDb()): Promise<boolean> {
  const r = await db.submission.updateMany({
    where: { id, leaseOwner: workerId, status: 'RUNNING' },
    data: { status: 'QUEUED', leaseOwner: null, leaseExpiresAt: null, attempts: { decrement: 1 } },
  });
  return r.count === 1;
}

/**
 * Puts a job back in the queue for another worker (this one cannot grade it: it has another
 * version of the exercise). Unlike releaseSubmission the attempt stays counted, so a job no worker
 * can take ends at the attempts cap instead of circling forever.
 */
export async function handBackSubmission(id: string, workerId: string, db: Db = getDb()): Promise<boolean> {
  const r = await db.submission.updateMany({
    where: { id, leaseOwner: workerId, status: 'RUNNING' },
    data: { status: 'QUEUED', leaseOwner: null, leaseExpiresAt: null },
  });
  return r.count === 1;
}

/**
 * Writes all check results and the final status in one transaction. Returns false (and writes
 * nothing) when the lease was lost.
 */
export async function completeSubmission(id: string, workerId: string, outcome: FinalOutcome, db: Db = getDb()): Promise<boolean> {
  const provider = providerOfDb(db);
  return db.$transaction(async (tx) => {
    const base = { leaseOwner: null, leaseExpiresAt: null, finishedAt: new Date(), gradingMs: outcome.gradingMs, seed: outcome.seed ?? null, metricKind: null, metricValue: null };
    // A metric is stored only as a finite, non-negative number: the column feeds the leaderboard.
    const metric = outcome.status === 'GRADED' && outcome.metric && Number.isFinite(outcome.metric.value) && outcome.metric.value >= 0 ? outcome.metric : null;
    const data =
      outcome.status === 'GRADED'
        ? { ...base, status: 'GRADED' as const, score: outcome.score, message: null, reason: null, metricKind: metric?.kind ?? null, metricValue: metric?.value ?? null }
        : outcome.status === 'NOT_GRADABLE'
          ? { ...base, status: 'NOT_GRADABLE' as const, score: null, message: outcome.message, reason: outcome.reason }
          : { ...base, status: 'INTERNAL_ERROR' as const, score: null, message: null, reason: outcome.reason, internalError: outcome.internalError };
    const r = await tx.submission.updateMany({ where: { id, leaseOwner: workerId, status: 'RUNNING' }, data });
    if (r.count !== 1) return false;
    if (outcome.status === 'GRADED' && outcome.checks.length > 0) {
      await tx.checkResult.createMany({
        data: outcome.checks.map((c, position) => ({
          submissionId: id,
          position,
          name: c.name,
          title: c.title,
          points: c.points,
          maxPoints: c.maxPoints,
          passed: c.passed,
          message: c.message,
          visibility: c.visibility,
          // The `details` column holds what the check shows (read back with the contract's schema).
          details: { facts: c.facts, plots: c.plots } satisfies CheckDetails,
        })),
      });
    }
    // Any ending can change what the course counts (a grade; an ungradable ending frees an attempt):
    // the learner's leaderboard row follows in the same transaction (leaderboard-scores.ts).
    const owner = await tx.submission.findUnique({ where: { id }, select: { assignmentId: true, userId: true } });
    if (owner?.assignmentId) await refreshLeaderboardScores(tx, provider, [owner.assignmentId], [owner.userId]);
    return true;
  });
}
