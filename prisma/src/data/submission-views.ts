import { checkDetailsSchema, internalErrorMessage, reasonForStatus, type CheckDetails, type CheckResult, type SubmissionReason, type SubmissionStatus } from '@tyinglab/contract';
import { getDb, type Db } from '../client';
import { maySeeSubmission } from './submission-access';
import type { PublicUser } from './users';

export interface SubmissionView {
  id: string;
  exerciseSlug: string;
  status: SubmissionStatus;
  score: number | null;
  /** Learner-facing explanation for NOT_GRADABLE / INTERNAL_ERROR. Never internal diagnostics. */
  message: string | null;
  reason: SubmissionReason | null;
  code: string;
  createdAt: string;
  finishedAt: string | null;
  /** 1 = next to be graded; null unless QUEUED. */
  queuePosition: number | null;
  checks: CheckResult[];
}

/**
 * The stored `details` JSON, parsed once with the contract's schema. A row the schema refuses (one
 * written before the contract, whose details were raw measurements) shows no facts and no plots
 * rather than something the site would have to guess at.
 */
function storedDetails(json: unknown): CheckDetails {
  const parsed = checkDetailsSchema.safeParse(json);
  return parsed.success ? parsed.data : { facts: [], plots: [] };
}

/** The submission as its author (or course staff) may see it; null when absent or not theirs. */
export async function getSubmissionForViewer(id: string, viewer: PublicUser, db: Db = getDb()): Promise<SubmissionView | null> {
  const row = await db.submission.findUnique({
    where: { id },
    include: { exercise: { select: { slug: true } }, checkResults: { orderBy: { position: 'asc' } } },
  });
  if (!row) return null;
  if (!(await maySeeSubmission(viewer, row, db))) return null;
  const queuePosition =
    row.status === 'QUEUED'
      ? // Ahead = what the claim takes first: higher priority, then older (claim-next-submission.ts).
        1 +
        (await db.submission.count({
          where: {
            status: 'QUEUED',
            OR: [
              { priority: { gt: row.priority } },
              { priority: row.priority, createdAt: { lt: row.createdAt } },
              { priority: row.priority, createdAt: row.createdAt, id: { lt: row.id } },
            ],
          },
        }))
      : null;
  return {
    id: row.id,
    exerciseSlug: row.exercise.slug,
    status: row.status,
    score: row.score,
    message: row.status === 'INTERNAL_ERROR' ? internalErrorMessage(row.reason) : row.message,
    reason: reasonForStatus(row.status, row.reason),
    code: row.code,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    queuePosition,
    checks: row.checkResults.map(({ name, title, points, maxPoints, passed, message, visibility, details }) => ({
      name,
      title,
      points,
      maxPoints,
      passed,
      message,
      visibility,
      ...storedDetails(details),
    })),
  };
}

export interface SubmissionSummary {
  id: string;
  status: SubmissionStatus;
  score: number | null;
  createdAt: string;
}

/** A learner's submissions to one exercise, newest first. */
export async function listSubmissionsForUser(userId: string, exerciseSlug: string, db: Db = getDb()): Promise<SubmissionSummary[]> {
  const rows = await db.submission.findMany({
    where: { userId, exercise: { slug: exerciseSlug } },
    orderBy: { createdAt: 'desc' },
    take: 50,
    select: { id: true, status: true, score: true, createdAt: true },
  });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
