// A learner's progress: per exercise, how many attempts they made, their best score and whether it is
// solved; and their course assignments with the score each course counts. The catalogue, the exercise
// page and the learner's own overview (/progress) all read it from here.
//
// An attempt is what a course counts as one (ATTEMPT_STATUSES in course-score.ts): a submission that
// is waiting, running or graded. NOT_GRADABLE and INTERNAL_ERROR endings never cost an attempt, here
// as in courses, so the numbers a learner sees agree everywhere.
import { getDb, type Db } from '../client';
import { listAssignmentsForViewer, type AssignmentView } from './assignments';
import type { Actor } from './course-access';
import { isAttempt } from './course-score';

/** The score that solves an exercise: every point of every check. */
export const SOLVED_SCORE = 1;

export interface ExerciseProgress {
  exerciseSlug: string;
  /** Submissions that counted as attempts (waiting, running or graded). */
  attempts: number;
  /** Best score of a graded submission, in [0,1]; null before the first graded one. */
  bestScore: number | null;
  solved: boolean;
  /** The latest submission of any ending. */
  lastSubmittedAt: string;
}

/**
 * The learner's progress on every exercise they submitted to (all of them, or only `exerciseSlug`),
 * in no particular order. One aggregate query; archived exercises are left out.
 */
export async function getExerciseProgress(userId: string, options: { exerciseSlug?: string } = {}, db: Db = getDb()): Promise<ExerciseProgress[]> {
  const exercises = await db.exercise.findMany({
    where: { archived: false, ...(options.exerciseSlug !== undefined ? { slug: options.exerciseSlug } : {}) },
    select: { id: true, slug: true },
  });
  if (exercises.length === 0) return [];
  const slugOf = new Map(exercises.map((e) => [e.id, e.slug]));
  const groups = await db.submission.groupBy({
    by: ['exerciseId', 'status'],
    where: { userId, exerciseId: { in: [...slugOf.keys()] } },
    _count: { _all: true },
    _max: { score: true, createdAt: true },
  });
  const byExercise = new Map<string, ExerciseProgress>();
  for (const g of groups) {
    const slug = slugOf.get(g.exerciseId);
    if (!slug) continue;
    const p = byExercise.get(slug) ?? { exerciseSlug: slug, attempts: 0, bestScore: null, solved: false, lastSubmittedAt: '' };
    if (isAttempt(g.status)) p.attempts += g._count._all;
    // Only a graded submission has a score that is its own (a regrade in progress has none).
    if (g.status === 'GRADED' && g._max.score !== null && (p.bestScore === null || g._max.score > p.bestScore)) p.bestScore = g._max.score;
    const last = g._max.createdAt?.toISOString() ?? '';
    if (last > p.lastSubmittedAt) p.lastSubmittedAt = last;
    byExercise.set(slug, p);
  }
  for (const p of byExercise.values()) p.solved = p.bestScore !== null && p.bestScore >= SOLVED_SCORE;
  return [...byExercise.values()];
}

export interface CourseAssignments {
  slug: string;
  title: string;
  /** Soonest due first, each with the learner's standing (attempts, counted score). */
  assignments: AssignmentView[];
}

export interface LearnerOverview {
  exercises: ExerciseProgress[];
  /** The courses the learner studies in (enrolled as a student), newest first. */
  courses: CourseAssignments[];
}

/** Everything the learner's own overview page shows, read for the learner themself. */
export async function getLearnerOverview(actor: Actor, db: Db = getDb(), now = new Date()): Promise<LearnerOverview> {
  const [exercises, enrolments] = await Promise.all([
    getExerciseProgress(actor.id, {}, db),
    db.enrollment.findMany({
      where: { userId: actor.id, role: 'STUDENT' },
      select: { course: { select: { slug: true, title: true } } },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    }),
  ]);
  // The course's own view of its assignments: the same standing the course page shows.
  const courses = await Promise.all(
    enrolments.map(async ({ course }) => ({ slug: course.slug, title: course.title, assignments: await listAssignmentsForViewer(actor, course.slug, db, now) })),
  );
  return { exercises, courses };
}
