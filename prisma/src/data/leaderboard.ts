// Course leaderboards: one per assignment and one for the whole course (docs/leaderboards.md).
//
// Ranking: by the score the course counts (course-score.ts, the same function as the gradebook,
// precomputed per learner and assignment by leaderboard-scores.ts), ties broken by the earliest time
// that score was reached (the counted submission's submission time), then shared ranks when both
// are equal. The course board ranks the sum of a learner's counted assignment scores (every
// assignment weighs the same; a learner with none counted is not ranked), ties by when that total
// was reached: the latest of the counted submissions' times.
//
// Privacy: students see board names (leaderboard-names.ts) and never an opted-out learner, except
// themselves; ranks are over what the viewer sees. Staff see everyone, under their real names, with
// ranks over all students. A hidden board is not shown to students at all. A frozen board counts
// only the submissions made until the freeze (their grade may arrive later: the queue's delay is not
// the learner's), with today's names and opt-outs (privacy choices always apply).
import type { LeaderboardMetricMeta } from '@tyinglab/exercise-format';
import { getDb, type Db } from '../client';
import { may, requireCourseAccess, type Actor } from './course-access';
import { DbError } from './errors';
import { declaredMetric } from './leaderboard-metric';
import { resolveBoardNames } from './leaderboard-names';

/** How many places "the top" has in the viewer's "points from the top 10". */
export const LEADERBOARD_TOP = 10;

export interface LeaderboardRow {
  rank: number;
  /** What the viewer may see: the board name for students, the account's display name for staff. */
  name: string;
  /** The counted score: in [0, 1] on an assignment board, the sum over assignments on the course board. */
  score: number;
  /** When that score was reached (ties go to the earlier). */
  reachedAt: string;
  /** The exercise's leaderboard metric (assignment boards of exercises that declare one), lower is better. */
  metric: number | null;
  /** The viewer's own row. */
  me: boolean;
  /** Staff only: the name the students see, and whether the learner left the boards (students do not see them). */
  boardName?: string;
  optedOut?: boolean;
}

export interface LeaderboardMe {
  /** Null while nothing counts yet. */
  rank: number | null;
  /** How many the viewer's ranking holds (themselves included when ranked). */
  of: number;
  score: number | null;
  /** How many places count as "the top" (LEADERBOARD_TOP). */
  top: number;
  /** Score (same units) between the viewer and the last of the top places; null when in them or when there are fewer. */
  behindTop: number | null;
  /** The viewer's own settings for this course's boards. */
  name: string;
  chosenName: string | null;
  optedOut: boolean;
}

export interface LeaderboardMetricInfo {
  kind: LeaderboardMetricMeta['kind'];
  unit: string;
  explanation: string;
}

export interface LeaderboardSettings {
  hidden: boolean;
  /** The freeze instant (past: frozen now; future: frozen from then on). */
  frozenAt: string | null;
}

export type Leaderboard =
  | { state: 'hidden'; course: { slug: string; title: string } }
  | {
      state: 'shown';
      course: { slug: string; title: string };
      /** The assignment of an assignment board; null for the course board. */
      assignment: { id: string; exerciseSlug: string; exerciseTitle: string } | null;
      /** The most a score can be: 1, or the number of assignments on the course board. */
      maxScore: number;
      metric: LeaderboardMetricInfo | null;
      /** Set when the board shows the state at its freeze instant. */
      frozenAt: string | null;
      settings: LeaderboardSettings;
      viewerIsStaff: boolean;
      /** The viewer's standing; null for staff (they are not ranked). */
      me: LeaderboardMe | null;
      rows: LeaderboardRow[];
    };

interface Ranked {
  userId: string;
  score: number;
  reachedAt: Date;
  metric: number | null;
}

/** Best first: higher score, then earlier; the user id only makes the order of exact ties stable. */
function compareRanked(a: Ranked, b: Ranked): number {
  return b.score - a.score || a.reachedAt.getTime() - b.reachedAt.getTime() || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
}

/** Ranks in order; equal score and time share a rank (1, 2, 2, 4). */
export function rankEntries<T extends Ranked>(entries: readonly T[]): (T & { rank: number })[] {
  const sorted = [...entries].sort(compareRanked);
  return sorted.map((e, i, all) => {
    let first = i;
    while (first > 0 && all[first - 1]!.score === e.score && all[first - 1]!.reachedAt.getTime() === e.reachedAt.getTime()) first--;
    return { ...e, rank: first + 1 };
  });
}

/** A sum of assignment scores, free of the last-bit noise that would split a tie. */
const roundScore = (x: number): number => Math.round(x * 1e9) / 1e9;

/** What every viewer of one board state shares: loaded and worked out once per version (below). */
interface Snapshot {
  assignments: { id: string; exercise: { slug: string; title: string; metadata?: unknown } }[];
  single: { id: string; exercise: { slug: string; title: string; metadata?: unknown } } | null;
  declared: LeaderboardMetricMeta | null;
  students: Map<string, { userId: string; displayName: string; leaderboardName: string | null; leaderboardOptOut: boolean }>;
  boardNames: Map<string, string>;
  /** Best first. */
  ranking: Ranked[];
}

/**
 * Boards by state: the course, the scope, the freeze instant in force, and the course's leaderboard
 * revision and sizes, which change whenever anything a board shows does (a score, a setting, a
 * name, an opt-out, a role, the membership, the assignments). When a grade lands every open board
 * of the course fetches again at once: the first viewer loads the state, the others derive their
 * view from it (their own row, opt-outs, names) without reading the rows again. Per process, bounded.
 */
const snapshots = new Map<string, Snapshot>();
const SNAPSHOTS_KEPT = 64;

async function loadSnapshot(db: Db, courseId: string, scope: { assignmentId?: string }, frozen: Date | null): Promise<Snapshot> {
  const assignments = await db.assignment.findMany({
    where: { courseId, ...(scope.assignmentId !== undefined ? { id: scope.assignmentId } : {}) },
    // exercise.json (for the metric) only for an assignment board: it can be long.
    select: { id: true, exercise: { select: { slug: true, title: true, metadata: scope.assignmentId !== undefined } } },
  });
  if (scope.assignmentId !== undefined && assignments.length === 0) throw new DbError('NOT_FOUND', 'There is no such assignment in this course.');
  const single = scope.assignmentId !== undefined ? assignments[0]! : null;
  const declared = single ? declaredMetric(single.exercise.metadata) : null;
  // The frozen rows count only what was submitted until the freeze instant (leaderboard-scores.ts).
  const state = { frozen: frozen !== null };
  const students = { courseId, role: 'STUDENT' as const };
  // Enrolments and their accounts' names in two queries, not a join through a list of a thousand ids.
  const [enrolments, accounts, entries] = await Promise.all([
    db.enrollment.findMany({ where: students, select: { userId: true, createdAt: true, leaderboardName: true, leaderboardOptOut: true } }),
    db.user.findMany({ where: { enrollments: { some: students } }, select: { id: true, displayName: true } }),
    single
      ? db.leaderboardScore
          .findMany({ where: { assignmentId: single.id, ...state }, select: { userId: true, score: true, reachedAt: true, metric: true } })
          .then((rows): Ranked[] => rows.map((r) => ({ ...r, metric: declared ? r.metric : null })))
      : db.leaderboardScore
          .groupBy({ by: ['userId'], where: { assignmentId: { in: assignments.map((a) => a.id) }, ...state }, _sum: { score: true }, _max: { reachedAt: true } })
          .then((rows): Ranked[] => rows.map((r) => ({ userId: r.userId, score: roundScore(r._sum.score ?? 0), reachedAt: r._max.reachedAt!, metric: null }))),
  ]);
  const accountName = new Map(accounts.map((u) => [u.id, u.displayName]));
  const byUser = new Map(enrolments.map((e) => [e.userId, { userId: e.userId, displayName: accountName.get(e.userId) ?? '', leaderboardName: e.leaderboardName, leaderboardOptOut: e.leaderboardOptOut }]));
  const boardNames = resolveBoardNames(enrolments.map((e) => ({ userId: e.userId, accountName: accountName.get(e.userId) ?? '', chosenName: e.leaderboardName, joinedAt: e.createdAt })));
  // Rows of people who are no longer students of the course (removed, or now staff) do not rank.
  const ranking = entries.filter((e) => byUser.has(e.userId)).sort(compareRanked);
  return { assignments, single, declared, students: byUser, boardNames, ranking };
}

export async function getLeaderboard(
  actor: Actor,
  courseSlug: string,
  scope: { assignmentId?: string } = {},
  db: Db = getDb(),
  now: Date = new Date(),
): Promise<Leaderboard> {
  const access = await requireCourseAccess(courseSlug, actor, 'view', db);
  const staff = may(access.standing, 'viewStaff');
  const course = await db.course.findUniqueOrThrow({
    where: { id: access.id },
    select: { leaderboardHidden: true, leaderboardFrozenAt: true, leaderboardRevision: true, _count: { select: { enrollments: true, assignments: true } } },
  });
  const courseInfo = { slug: access.slug, title: access.title };
  if (course.leaderboardHidden && !staff) return { state: 'hidden', course: courseInfo };
  const frozen = course.leaderboardFrozenAt !== null && course.leaderboardFrozenAt.getTime() <= now.getTime() ? course.leaderboardFrozenAt : null;

  const key = [access.id, scope.assignmentId ?? '', frozen?.getTime() ?? '', course.leaderboardRevision, course._count.enrollments, course._count.assignments].join('|');
  let snapshot = snapshots.get(key);
  if (snapshot) {
    snapshots.delete(key); // most recently used last
  } else {
    snapshot = await loadSnapshot(db, access.id, scope, frozen);
    if (snapshots.size >= SNAPSHOTS_KEPT) snapshots.delete(snapshots.keys().next().value!);
  }
  snapshots.set(key, snapshot);
  const { single, declared, students, boardNames } = snapshot;

  const viewerIsStudent = access.enrolledAs === 'STUDENT' && !staff;
  // What this viewer may see: staff everything; a student everyone who stays on the boards, and themselves.
  const visible = staff ? snapshot.ranking : snapshot.ranking.filter((e) => !students.get(e.userId)!.leaderboardOptOut || e.userId === actor.id);
  const ranked = rankEntries(visible);
  const rows: LeaderboardRow[] = ranked.map((e) => {
    const s = students.get(e.userId)!;
    const row: LeaderboardRow = {
      rank: e.rank,
      name: staff ? s.displayName : boardNames.get(e.userId)!,
      score: e.score,
      reachedAt: e.reachedAt.toISOString(),
      metric: e.metric,
      me: e.userId === actor.id,
    };
    return staff ? { ...row, boardName: boardNames.get(e.userId)!, optedOut: s.leaderboardOptOut } : row;
  });

  let me: LeaderboardMe | null = null;
  if (viewerIsStudent) {
    const mine = ranked.find((e) => e.userId === actor.id) ?? null;
    const self = students.get(actor.id)!;
    const lastTop = ranked.length >= LEADERBOARD_TOP ? ranked[LEADERBOARD_TOP - 1]! : null;
    me = {
      rank: mine?.rank ?? null,
      of: ranked.length,
      score: mine?.score ?? null,
      top: LEADERBOARD_TOP,
      behindTop: mine && lastTop && mine.rank > LEADERBOARD_TOP ? roundScore(Math.max(0, lastTop.score - mine.score)) : null,
      name: boardNames.get(actor.id)!,
      chosenName: self.leaderboardName,
      optedOut: self.leaderboardOptOut,
    };
  }

  return {
    state: 'shown',
    course: courseInfo,
    assignment: single ? { id: single.id, exerciseSlug: single.exercise.slug, exerciseTitle: single.exercise.title } : null,
    maxScore: single ? 1 : snapshot.assignments.length,
    metric: declared ? { kind: declared.kind, unit: declared.unit, explanation: declared.explanation } : null,
    frozenAt: frozen?.toISOString() ?? null,
    settings: { hidden: course.leaderboardHidden, frozenAt: course.leaderboardFrozenAt?.toISOString() ?? null },
    viewerIsStaff: staff,
    me,
    rows,
  };
}

/**
 * A cheap fingerprint of everything a course's boards show: the course's leaderboard revision (bumped
 * whenever a precomputed score, the settings, a learner's board name or opt-out, or a member's role
 * change), whether it is frozen now, and how many members and assignments it has. Null when the course is gone. What live boards poll (one
 * poller per course per site process), instead of the boards themselves.
 */
export async function getLeaderboardVersion(courseSlug: string, db: Db = getDb(), now: Date = new Date()): Promise<string | null> {
  const course = await db.course.findUnique({
    where: { slug: courseSlug },
    select: { leaderboardRevision: true, leaderboardHidden: true, leaderboardFrozenAt: true, _count: { select: { enrollments: true, assignments: true } } },
  });
  if (!course) return null;
  const frozen = course.leaderboardFrozenAt !== null && course.leaderboardFrozenAt.getTime() <= now.getTime();
  return `${course.leaderboardRevision}:${course.leaderboardHidden ? 'h' : 's'}:${frozen ? 'f' : 'l'}:${course._count.enrollments}:${course._count.assignments}`;
}
