// The score a course counts for one learner on one assignment: the one definition, used by the
// learner's assignment banner, the course page, the dashboard and the gradebook alike.
//
// Rules: an attempt is a submission to the assignment that was not refused by the grader for our or
// the code's reasons (NOT_GRADABLE and INTERNAL_ERROR never cost an attempt). Only the first
// `maxSubmissions` attempts count. An attempt submitted (createdAt, not graded-at: the queue's delay is
// not the learner's) by dueAt keeps its full score; after it, `latePenaltyPerDay` of the score is
// deducted per started day late, until `lateUntil`, the hard cut-off; without a late policy nothing
// after dueAt counts. The counted score is the best of the resulting scores.
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
  const best: CountedScore = { score: null, rawScore: null, submissionId: null, late: false, attemptsUsed: attempts.length };
  for (const a of eligible) {
    if (a.status !== 'GRADED' || a.score === null) continue;
    const factor = lateMultiplier(policy, a.createdAt);
    if (factor === null) continue;
    const score = a.score * factor;
    // Strictly better only: among equal scores the earliest counts.
    if (best.score === null || score > best.score) {
      best.score = score;
      best.rawScore = a.score;
      best.submissionId = a.id;
      best.late = policy.dueAt !== null && a.createdAt.getTime() > policy.dueAt.getTime();
    }
  }
  return best;
}

/**
 * Counted scores for assignments × learners, read from the database in one query. The map is keyed
 * `${assignmentId}:${userId}`; every requested pair is present (score null when nothing counted).
 */
export async function getCountedScores(
  assignmentIds: readonly string[],
  userIds: readonly string[],
  db: Db | Tx = getDb(),
): Promise<Map<string, CountedScore>> {
  const out = new Map<string, CountedScore>();
  if (assignmentIds.length === 0 || userIds.length === 0) return out;
  const [assignments, submissions] = await Promise.all([
    db.assignment.findMany({
      where: { id: { in: [...assignmentIds] } },
      select: { id: true, dueAt: true, latePenaltyPerDay: true, lateUntil: true, maxSubmissions: true },
    }),
    db.submission.findMany({
      where: { assignmentId: { in: [...assignmentIds] }, userId: { in: [...userIds] }, status: { in: [...ATTEMPT_STATUSES] } },
      select: { id: true, userId: true, assignmentId: true, status: true, score: true, createdAt: true },
    }),
  ]);
  const grouped = new Map<string, ScoredAttempt[]>();
  for (const s of submissions) {
    const key = `${s.assignmentId}:${s.userId}`;
    const list = grouped.get(key) ?? [];
    list.push(s);
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
