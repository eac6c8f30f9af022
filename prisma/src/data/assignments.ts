// Course assignments: an exercise with a window (opensAt, dueAt, late policy up to a hard cut-off),
// a cap on attempts and a minimum gap between them. Creating them, showing them to members with the
// viewer's standing, and the gate every submission to one passes through.
import { getDb, type Db, type Tx } from '../client';
import { requireCourseAccess, type Actor } from './course-access';
import { ATTEMPT_STATUSES, getCountedScores, type CountedScore } from './course-score';
import { DbError, isUniqueViolation } from './errors';

export interface AssignmentPolicyInput {
  opensAt?: Date | null;
  dueAt?: Date | null;
  /** Full credit until dueAt, then `penaltyPerDay` of the score off per started day, until `cutoffAt`. */
  latePolicy?: { penaltyPerDay: number; cutoffAt: Date } | null;
  maxSubmissions?: number | null;
  minSecondsBetween?: number | null;
}

export interface PolicyProblem {
  path: string;
  message: string;
}

/** Bounds the request schema may not know about: the order of the dates. Empty when consistent. */
export function assignmentPolicyProblems(p: AssignmentPolicyInput): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const { opensAt, dueAt, latePolicy } = p;
  if (opensAt && dueAt && dueAt.getTime() <= opensAt.getTime()) {
    problems.push({ path: 'dueAt', message: 'The due date must be after the opening date.' });
  }
  if (latePolicy) {
    if (!dueAt) problems.push({ path: 'latePolicy', message: 'A late policy needs a due date to be late from.' });
    else if (latePolicy.cutoffAt.getTime() <= dueAt.getTime()) {
      problems.push({ path: 'latePolicy.cutoffAt', message: 'The late cut-off must be after the due date.' });
    }
    if (!(latePolicy.penaltyPerDay > 0 && latePolicy.penaltyPerDay <= 1)) {
      problems.push({ path: 'latePolicy.penaltyPerDay', message: 'The late penalty per day must be more than 0 and at most 1 (100 %).' });
    }
  }
  if (p.maxSubmissions != null && !(Number.isInteger(p.maxSubmissions) && p.maxSubmissions >= 1)) {
    problems.push({ path: 'maxSubmissions', message: 'The submission cap must be a whole number of at least 1.' });
  }
  if (p.minSecondsBetween != null && !(Number.isInteger(p.minSecondsBetween) && p.minSecondsBetween >= 0)) {
    problems.push({ path: 'minSecondsBetween', message: 'The minimum gap must be a whole number of seconds, 0 or more.' });
  }
  return problems;
}

/** Creates an assignment in a course the actor manages. */
export async function createAssignment(
  actor: Actor,
  courseSlug: string,
  input: { exerciseSlug: string } & AssignmentPolicyInput,
  db: Db = getDb(),
): Promise<{ id: string }> {
  const course = await requireCourseAccess(courseSlug, actor, 'manage', db);
  const problems = assignmentPolicyProblems(input);
  if (problems.length > 0) throw new DbError('INVALID', problems.map((p) => `${p.path}: ${p.message}`).join(' '));
  const exercise = await db.exercise.findFirst({ where: { slug: input.exerciseSlug, archived: false }, select: { id: true, title: true } });
  if (!exercise) throw new DbError('UNKNOWN_EXERCISE', `No exercise named "${input.exerciseSlug}"`);
  try {
    return await db.assignment.create({
      data: {
        courseId: course.id,
        exerciseId: exercise.id,
        opensAt: input.opensAt ?? null,
        dueAt: input.dueAt ?? null,
        latePenaltyPerDay: input.latePolicy?.penaltyPerDay ?? null,
        lateUntil: input.latePolicy?.cutoffAt ?? null,
        maxSubmissions: input.maxSubmissions ?? null,
        minSecondsBetween: input.minSecondsBetween ?? null,
      },
      select: { id: true },
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DbError('CONFLICT', `This course already has an assignment for "${exercise.title}".`);
    throw err;
  }
}

export type AssignmentState = 'UPCOMING' | 'OPEN' | 'LATE' | 'CLOSED';

interface Window {
  opensAt: Date | null;
  dueAt: Date | null;
  latePenaltyPerDay: number | null;
  lateUntil: Date | null;
}

/** Where `now` falls in the assignment's window. */
export function assignmentState(w: Window, now: Date): AssignmentState {
  const t = now.getTime();
  if (w.opensAt && t < w.opensAt.getTime()) return 'UPCOMING';
  if (!w.dueAt || t <= w.dueAt.getTime()) return 'OPEN';
  if (w.latePenaltyPerDay !== null && w.lateUntil && t <= w.lateUntil.getTime()) return 'LATE';
  return 'CLOSED';
}

function utc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The learner's standing on one assignment. */
export interface LearnerStanding {
  attemptsUsed: number;
  /** null = no cap. */
  attemptsLeft: number | null;
  /** When the minimum gap lets the next submission in; null = now (or never, when closed or capped). */
  nextSubmissionAt: string | null;
  counted: CountedScore;
}

export interface AssignmentView {
  id: string;
  course: { slug: string; title: string };
  exercise: { slug: string; title: string; points: number };
  opensAt: string | null;
  dueAt: string | null;
  latePenaltyPerDay: number | null;
  lateUntil: string | null;
  maxSubmissions: number | null;
  minSecondsBetween: number | null;
  state: AssignmentState;
  /** Present when the viewer is enrolled (staff included: they may try their own assignments). */
  standing: LearnerStanding | null;
}

const assignmentInclude = { exercise: { select: { slug: true, title: true, points: true } } } as const;

type AssignmentRow = {
  id: string;
  opensAt: Date | null;
  dueAt: Date | null;
  latePenaltyPerDay: number | null;
  lateUntil: Date | null;
  maxSubmissions: number | null;
  minSecondsBetween: number | null;
  exercise: { slug: string; title: string; points: number };
};

async function lastAttemptAt(db: Db | Tx, assignmentId: string, userId: string): Promise<Date | null> {
  const last = await db.submission.findFirst({
    where: { assignmentId, userId, status: { in: [...ATTEMPT_STATUSES] } },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  });
  return last?.createdAt ?? null;
}

function toView(
  row: AssignmentRow,
  course: { slug: string; title: string },
  now: Date,
  counted: CountedScore | null,
  lastAt: Date | null,
): AssignmentView {
  let standing: LearnerStanding | null = null;
  if (counted) {
    const attemptsLeft = row.maxSubmissions === null ? null : Math.max(0, row.maxSubmissions - counted.attemptsUsed);
    const gapEnds = lastAt && row.minSecondsBetween ? new Date(lastAt.getTime() + row.minSecondsBetween * 1000) : null;
    standing = {
      attemptsUsed: counted.attemptsUsed,
      attemptsLeft,
      nextSubmissionAt: gapEnds && gapEnds.getTime() > now.getTime() && attemptsLeft !== 0 ? gapEnds.toISOString() : null,
      counted,
    };
  }
  return {
    id: row.id,
    // Only these two: the access object also carries the join code, which is not every member's to see.
    course: { slug: course.slug, title: course.title },
    exercise: row.exercise,
    opensAt: row.opensAt?.toISOString() ?? null,
    dueAt: row.dueAt?.toISOString() ?? null,
    latePenaltyPerDay: row.latePenaltyPerDay,
    lateUntil: row.lateUntil?.toISOString() ?? null,
    maxSubmissions: row.maxSubmissions,
    minSecondsBetween: row.minSecondsBetween,
    state: assignmentState(row, now),
    standing,
  };
}

/** A course's assignments, soonest due first, each with the viewer's standing when enrolled. */
export async function listAssignmentsForViewer(actor: Actor, courseSlug: string, db: Db = getDb(), now = new Date()): Promise<AssignmentView[]> {
  const course = await requireCourseAccess(courseSlug, actor, 'view', db);
  const rows = await db.assignment.findMany({ where: { courseId: course.id }, include: assignmentInclude, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  const scores = course.enrolledAs ? await getCountedScores(rows.map((r) => r.id), [actor.id], db) : new Map<string, CountedScore>();
  const views = await Promise.all(
    rows.map(async (r) =>
      toView(r, course, now, scores.get(`${r.id}:${actor.id}`) ?? null, course.enrolledAs && r.minSecondsBetween ? await lastAttemptAt(db, r.id, actor.id) : null),
    ),
  );
  // Undated ones last; among dated ones the nearest deadline first.
  return views.sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));
}

/** One assignment of a course the viewer is in (NOT_FOUND otherwise, or when it belongs to another course). */
export async function getAssignmentForViewer(actor: Actor, courseSlug: string, assignmentId: string, db: Db = getDb(), now = new Date()): Promise<AssignmentView> {
  const course = await requireCourseAccess(courseSlug, actor, 'view', db);
  const row = await db.assignment.findFirst({ where: { id: assignmentId, courseId: course.id }, include: assignmentInclude });
  if (!row) throw new DbError('NOT_FOUND', 'There is no such assignment in this course.');
  const counted = course.enrolledAs ? (await getCountedScores([row.id], [actor.id], db)).get(`${row.id}:${actor.id}`)! : null;
  const lastAt = course.enrolledAs && row.minSecondsBetween ? await lastAttemptAt(db, row.id, actor.id) : null;
  return toView(row, course, now, counted, lastAt);
}

/**
 * The gate a submission to an assignment passes before it is written: the learner is enrolled in its
 * course, the code is for its exercise, it is open, the cap is not used up and the gap has passed.
 * Returns the refusal (null = accepted) rather than throwing, so the caller's transaction can commit
 * cleanly (see create-submission.ts); run it under the same lock as the insert.
 */
export async function assignmentSubmissionRefusal(
  db: Db | Tx,
  input: { userId: string; assignmentId: string; exerciseId: string; now?: Date },
): Promise<DbError | null> {
  const now = input.now ?? new Date();
  const a = await db.assignment.findUnique({
    where: { id: input.assignmentId },
    include: {
      exercise: { select: { title: true } },
      course: { select: { enrollments: { where: { userId: input.userId }, select: { id: true } } } },
    },
  });
  if (!a || a.course.enrollments.length === 0) return new DbError('NOT_FOUND', 'There is no such assignment in your courses.');
  if (a.exerciseId !== input.exerciseId) return new DbError('INVALID', `This assignment is for the exercise "${a.exercise.title}"; submit that exercise's code.`);
  const state = assignmentState(a, now);
  if (state === 'UPCOMING') return new DbError('FORBIDDEN', `This assignment opens at ${utc(a.opensAt!)}; submissions are accepted from then.`);
  if (state === 'CLOSED') {
    const closedAt = a.latePenaltyPerDay !== null && a.lateUntil ? a.lateUntil : a.dueAt!;
    return new DbError('FORBIDDEN', `This assignment closed at ${utc(closedAt)}; submissions are no longer accepted.`);
  }
  const attempts = await db.submission.findMany({
    where: { assignmentId: a.id, userId: input.userId, status: { in: [...ATTEMPT_STATUSES] } },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  });
  if (a.maxSubmissions !== null && attempts.length >= a.maxSubmissions) {
    return new DbError('FORBIDDEN', `You have used all ${a.maxSubmissions} submissions for this assignment.`);
  }
  const last = attempts[0];
  if (a.minSecondsBetween && last) {
    const waitMs = last.createdAt.getTime() + a.minSecondsBetween * 1000 - now.getTime();
    if (waitMs > 0) {
      const wait = Math.ceil(waitMs / 1000);
      return new DbError('RATE_LIMITED', `This assignment allows one submission every ${a.minSecondsBetween} s; try again in ${wait} s.`, wait);
    }
  }
  return null;
}
