import { checkDetailsSchema, internalErrorMessage, reasonForStatus, type CheckDetails, type CheckResult, type SubmissionReason, type SubmissionStatus } from '@tyinglab/contract';
import { getDb, type Db } from '../client';
import { ATTEMPT_STATUSES, isAttempt } from './course-score';
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
  /**
   * Which attempt at the exercise this was (1 = the learner's first), counting only submissions that
   * are attempts (isAttempt in course-score.ts); null for a NOT_GRADABLE or INTERNAL_ERROR ending,
   * which never costs one.
   */
  attempt: number | null;
}

export interface SubmissionPage {
  /** Newest first. */
  submissions: SubmissionSummary[];
  /** Older submissions exist: ask again with `before` = the last id of this page. */
  more: boolean;
}

/** Rows per page of a learner's history, unless the caller asks for fewer. */
export const HISTORY_PAGE_SIZE = 20;
const HISTORY_PAGE_MAX = 50;

/**
 * A learner's submissions to one exercise, newest first, a page at a time: the newest page, or
 * (with `before`, a submission id of theirs) the page of submissions made before that one. An id
 * that is not one of theirs for this exercise gives an empty page.
 */
export async function listSubmissionsForUser(
  userId: string,
  exerciseSlug: string,
  page: { before?: string; take?: number } = {},
  db: Db = getDb(),
): Promise<SubmissionPage> {
  const take = Math.min(Math.max(1, Math.floor(page.take ?? HISTORY_PAGE_SIZE)), HISTORY_PAGE_MAX);
  const mine = { userId, exercise: { slug: exerciseSlug } };
  let olderThan = {};
  if (page.before !== undefined) {
    const cursor = await db.submission.findFirst({ where: { id: page.before, ...mine }, select: { id: true, createdAt: true } });
    if (!cursor) return { submissions: [], more: false };
    olderThan = earlierThan(cursor);
  }
  const rows = await db.submission.findMany({
    where: { ...mine, ...olderThan },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: take + 1,
    select: { id: true, status: true, score: true, createdAt: true },
  });
  const more = rows.length > take;
  const shown = rows.slice(0, take);
  const oldest = shown[shown.length - 1];
  // Attempts made before this page, then counted up through it from its oldest row.
  let attempt = oldest ? await db.submission.count({ where: { ...mine, ...earlierThan(oldest), status: { in: [...ATTEMPT_STATUSES] } } }) : 0;
  const numbered = new Map<string, number | null>();
  for (const r of [...shown].reverse()) numbered.set(r.id, isAttempt(r.status) ? ++attempt : null);
  return {
    submissions: shown.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), attempt: numbered.get(r.id) ?? null })),
    more,
  };
}

/** Submissions made before `s` in the history's order (time, then id for equal times). */
function earlierThan(s: { id: string; createdAt: Date }) {
  return { OR: [{ createdAt: { lt: s.createdAt } }, { createdAt: s.createdAt, id: { lt: s.id } }] };
}
