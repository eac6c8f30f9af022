// Writing a worker's verdict, renewing and releasing leases. Every write is conditional on the
// worker still holding the lease: a worker that lost its lease (it stalled and another re-claimed
// the job) cannot overwrite the other's result.
import { getDb, type Db } from '../client';

export interface CheckResultInput {
  name: string;
  title: string;
  points: number;
  maxPoints: number;
  passed: boolean;
  message: string;
  visibility: 'VISIBLE' | 'HIDDEN';
  details?: Record<string, unknown>;
}

export type FinalOutcome =
  | { status: 'GRADED'; score: number; checks: CheckResultInput[]; gradingMs: number; seed?: string }
  | { status: 'NOT_GRADABLE'; reason: string; message: string; gradingMs: number; seed?: string }
  | { status: 'INTERNAL_ERROR'; reason?: string; internalError: string; gradingMs: number; seed?: string };

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
 * Writes all check results and the final status in one transaction. Returns false (and writes
 * nothing) when the lease was lost.
 */
export async function completeSubmission(id: string, workerId: string, outcome: FinalOutcome, db: Db = getDb()): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const base = { leaseOwner: null, leaseExpiresAt: null, finishedAt: new Date(), gradingMs: outcome.gradingMs, seed: outcome.seed ?? null };
    const data =
      outcome.status === 'GRADED'
        ? { ...base, status: 'GRADED' as const, score: outcome.score, message: null, reason: null }
        : outcome.status === 'NOT_GRADABLE'
          ? { ...base, status: 'NOT_GRADABLE' as const, score: null, message: outcome.message, reason: outcome.reason }
          : { ...base, status: 'INTERNAL_ERROR' as const, score: null, message: null, reason: outcome.reason ?? 'GRADER_ERROR', internalError: outcome.internalError };
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
          details: (c.details ?? undefined) as object | undefined,
        })),
      });
    }
    return true;
  });
}
