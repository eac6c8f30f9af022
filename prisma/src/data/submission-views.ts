import { getDb, type Db } from '../client';
import type { CheckResultInput } from './grading-results';
import type { PublicUser } from './users';

export type SubmissionStatusName = 'QUEUED' | 'RUNNING' | 'GRADED' | 'NOT_GRADABLE' | 'INTERNAL_ERROR';
export const TERMINAL_STATUSES: readonly SubmissionStatusName[] = ['GRADED', 'NOT_GRADABLE', 'INTERNAL_ERROR'];

/** A stored check result as read back: what the worker wrote, with `details` always present. */
export interface CheckResultView extends Omit<CheckResultInput, 'details'> {
  details: Record<string, unknown> | null;
}

export interface SubmissionView {
  id: string;
  exerciseSlug: string;
  status: SubmissionStatusName;
  score: number | null;
  /** Learner-facing explanation for NOT_GRADABLE / INTERNAL_ERROR. Never internal diagnostics. */
  message: string | null;
  reason: string | null;
  code: string;
  createdAt: string;
  finishedAt: string | null;
  /** 1 = next to be graded; null unless QUEUED. */
  queuePosition: number | null;
  checks: CheckResultView[];
}

const INTERNAL_ERROR_MESSAGE =
  'Something went wrong on our side while grading. This is not a problem with your code, and the attempt does not count. We have been alerted; please submit again in a moment.';

/** The submission as its author (or course staff) may see it; null when absent or not theirs. */
export async function getSubmissionForViewer(id: string, viewer: PublicUser, db: Db = getDb()): Promise<SubmissionView | null> {
  const row = await db.submission.findUnique({
    where: { id },
    include: { exercise: { select: { slug: true } }, checkResults: { orderBy: { position: 'asc' } } },
  });
  if (!row) return null;
  if (row.userId !== viewer.id && viewer.role === 'STUDENT') return null;
  const queuePosition =
    row.status === 'QUEUED'
      ? 1 + (await db.submission.count({ where: { status: 'QUEUED', OR: [{ createdAt: { lt: row.createdAt } }, { createdAt: row.createdAt, id: { lt: row.id } }] } }))
      : null;
  return {
    id: row.id,
    exerciseSlug: row.exercise.slug,
    status: row.status,
    score: row.score,
    message: row.status === 'INTERNAL_ERROR' ? INTERNAL_ERROR_MESSAGE : row.message,
    reason: row.reason,
    code: row.code,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    queuePosition,
    checks: row.checkResults.map((c) => ({
      name: c.name,
      title: c.title,
      points: c.points,
      maxPoints: c.maxPoints,
      passed: c.passed,
      message: c.message,
      visibility: c.visibility,
      details: (c.details as Record<string, unknown> | null) ?? null,
    })),
  };
}

export interface SubmissionSummary {
  id: string;
  status: SubmissionStatusName;
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
