// The course's scores, one row per student and one column per assignment, each cell the counted
// score (course-score.ts). Staff only. The course page's score table and the CSV export read this.
import { getDb, type Db } from '../client';
import { requireCourseAccess, type Actor } from './course-access';
import { getCountedScores, type CountedScore } from './course-score';

export interface GradebookColumn {
  assignmentId: string;
  exerciseSlug: string;
  exerciseTitle: string;
  dueAt: string | null;
}

export interface GradebookRow {
  userId: string;
  displayName: string;
  email: string;
  /** By assignment id; every column is present. */
  scores: Record<string, CountedScore>;
}

export interface Gradebook {
  courseSlug: string;
  columns: GradebookColumn[];
  rows: GradebookRow[];
}

export async function getGradebook(actor: Actor, courseSlug: string, db: Db = getDb()): Promise<Gradebook> {
  const course = await requireCourseAccess(courseSlug, actor, 'viewStaff', db);
  const [assignments, students] = await Promise.all([
    db.assignment.findMany({
      where: { courseId: course.id },
      include: { exercise: { select: { slug: true, title: true } } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    }),
    db.enrollment.findMany({
      where: { courseId: course.id, role: 'STUDENT' },
      include: { user: { select: { displayName: true, email: true } } },
    }),
  ]);
  const scores = await getCountedScores(
    assignments.map((a) => a.id),
    students.map((s) => s.userId),
    db,
  );
  return {
    courseSlug: course.slug,
    columns: assignments.map((a) => ({ assignmentId: a.id, exerciseSlug: a.exercise.slug, exerciseTitle: a.exercise.title, dueAt: a.dueAt?.toISOString() ?? null })),
    rows: students
      .map((s) => ({
        userId: s.userId,
        displayName: s.user.displayName,
        email: s.user.email,
        scores: Object.fromEntries(assignments.map((a) => [a.id, scores.get(`${a.id}:${s.userId}`)!])),
      }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.email.localeCompare(b.email)),
  };
}
