// The score a course counts for one learner on one assignment: the one definition, used by the
// learner's assignment banner, the course page, the dashboard and the gradebook alike.
//
// Rules: an attempt is a submission to the assignment that was not refused by the grader for our or
// the code's reasons (NOT_GRADABLE and INTERNAL_ERROR never cost an attempt). Only the first
// `maxSubmissions` attempts count. An attempt submitted (createdAt, not graded-at: the queue's delay is
// not the learner's) by dueAt keeps its full score; after it, `latePenaltyPerDay` of the score is
// deducted per started day late, until `lateUntil`, the hard cut-off; without a late policy nothing
// after dueAt counts. The counted score is the best of the resulting scores; among equal ones the
// earliest counts, and its submission time is when the score was reached (leaderboards break ties
// by it). The leaderboard metric shown next to it is the lowest among the attempts that reach it.
import { getDb, type Db, type Tx } from '../client';

const DAY_MS = 24 * 3600 * 1000;

/** Submission statuses that use up an attempt (pending ones included, so a cap cannot be outrun). */
export const ATTEMPT_STATUSES = ['QUEUED', 'RUNNING', 'GRADED'] as const;

export interface ScoringPolicy {
  dueAt: Date | null;
  /** Fraction of the score deducted per started day after dueAt; null = no late work. */
  latePenaltyPerDay: number | null;
  /** Hard cut-off for late work. */
  lateUntil: Date | null;
  maxSubmissions: number | null;
}

export interface ScoredAttempt {
  id: string;
  status: string;
  score: number | null;
  createdAt: Date;
  /** The exercise's leaderboard metric as the trusted check measured it (lower is better). */
  metric?: number | null;
}

export interface CountedScore {
  /** What the course counts, in [0,1]; null = nothing counted yet (no graded attempt in time). */
  score: number | null;
  /** The counted submission's own score before any late deduction. */
  rawScore: number | null;
  submissionId: string | null;
  /** Whether the counted submission came after dueAt (its score is then reduced). */
  late: boolean;
  /** Attempts used so far (every attempt, counted or beyond the cap). */
  attemptsUsed: number;
  /** When the counted score was reached: the counted submission's submission time. */
  reachedAt: Date | null;
  /** The lowest leaderboard metric among the counted attempts that reach the counted score. */
  metric: number | null;
}

/** The factor a submission made at `submittedAt` keeps; null when it is not accepted at all. */
export function lateMultiplier(policy: Pick<ScoringPolicy, 'dueAt' | 'latePenaltyPerDay' | 'lateUntil'>, submittedAt: Date): number | null {
  if (!policy.dueAt || submittedAt.getTime() <= policy.dueAt.getTime()) return 1;
  if (policy.latePenaltyPerDay === null || !policy.lateUntil || submittedAt.getTime() > policy.lateUntil.getTime()) return null;
  const daysLate = Math.ceil((submittedAt.getTime() - policy.dueAt.getTime()) / DAY_MS);
  return Math.max(0, 1 - policy.latePenaltyPerDay * daysLate);
}

export function isAttempt(status: string): boolean {
  return (ATTEMPT_STATUSES as readonly string[]).includes(status);
}

/** The counted score of one learner's submissions to one assignment (any order). */
export function countedScore(policy: ScoringPolicy, submissions: readonly ScoredAttempt[]): CountedScore {
  const attempts = submissions
    .filter((s) => isAttempt(s.status))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const eligible = policy.maxSubmissions === null ? attempts : attempts.slice(0, policy.maxSubmissions);
  const best: CountedScore = { score: null, rawScore: null, submissionId: null, late: false, attemptsUsed: attempts.length, reachedAt: null, metric: null };
  for (const a of eligible) {
    if (a.status !== 'GRADED' || a.score === null) continue;
    const factor = lateMultiplier(policy, a.createdAt);
    if (factor === null) continue;
    const score = a.score * factor;
    const metric = a.metric ?? null;
    // Strictly better only: among equal scores the earliest counts.
    if (best.score === null || score > best.score) {
      best.score = score;
      best.rawScore = a.score;
      best.submissionId = a.id;
      best.late = policy.dueAt !== null && a.createdAt.getTime() > policy.dueAt.getTime();
      best.reachedAt = a.createdAt;
      best.metric = metric;
    } else if (score === best.score && metric !== null && (best.metric === null || metric < best.metric)) {
      // A later attempt as good as the best may still improve the metric (fewer parameters, say).
      best.metric = metric;
    }
  }
  return best;
}

/** Up to this many learners are filtered in the query, more in memory (see getCountedScores). */
const MAX_LISTED_USERS = 200;

export interface CountedScoreOptions {
  /** Only submissions made at or before this instant count (a frozen leaderboard's state then). */
  submittedUntil?: Date;
  /** By assignment id: the metric kind its exercise declares; other assignments get no metric. */
  metricKinds?: ReadonlyMap<string, string>;
}

/**
 * Counted scores for assignments × learners, read from the database in one query. The map is keyed
 * `${assignmentId}:${userId}`; every requested pair is present (score null when nothing counted).
 */
export async function getCountedScores(
  assignmentIds: readonly string[],
  userIds: readonly string[],
  db: Db | Tx = getDb(),
  options: CountedScoreOptions = {},
): Promise<Map<string, CountedScore>> {
  const out = new Map<string, CountedScore>();
  if (assignmentIds.length === 0 || userIds.length === 0) return out;
  const [assignments, submissions] = await Promise.all([
    db.assignment.findMany({
      where: { id: { in: [...assignmentIds] } },
      select: { id: true, dueAt: true, latePenaltyPerDay: true, lateUntil: true, maxSubmissions: true },
    }),
    db.submission.findMany({
      where: {
        assignmentId: { in: [...assignmentIds] },
        // A long id list would pass the bound-parameter limit (SQLite: Prisma refuses with P2029 near
        // 1000): for a whole class, read the assignments' submissions and keep the learners' below.
        ...(userIds.length <= MAX_LISTED_USERS ? { userId: { in: [...userIds] } } : {}),
        status: { in: [...ATTEMPT_STATUSES] },
        ...(options.submittedUntil ? { createdAt: { lte: options.submittedUntil } } : {}),
      },
      select: { id: true, userId: true, assignmentId: true, status: true, score: true, createdAt: true, metricKind: true, metricValue: true },
    }),
  ]);
  const wanted = new Set(userIds);
  const grouped = new Map<string, ScoredAttempt[]>();
  for (const s of submissions) {
    if (!wanted.has(s.userId)) continue;
    const key = `${s.assignmentId}:${s.userId}`;
    const list = grouped.get(key) ?? [];
    // A metric of another kind (the exercise changed its declaration since) is no metric.
    const kind = options.metricKinds?.get(s.assignmentId!);
    list.push({ id: s.id, status: s.status, score: s.score, createdAt: s.createdAt, metric: kind !== undefined && s.metricKind === kind ? s.metricValue : null });
    grouped.set(key, list);
  }
  for (const a of assignments) {
    for (const userId of userIds) {
      const key = `${a.id}:${userId}`;
      out.set(key, countedScore(a, grouped.get(key) ?? []));
    }
  }
  return out;
}
