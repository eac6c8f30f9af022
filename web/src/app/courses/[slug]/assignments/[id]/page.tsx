import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ExerciseLayout } from '@/components/ExerciseLayout';
import { AssignmentBanner } from '@/components/courses/AssignmentBanner';
import { courses, exerciseDetail } from '@/server/data';
import { orNotFound } from '@/server/page-access';
import { requirePageUser } from '@/server/session';
import { courseSlugSchema, recordIdSchema } from '@/server/validation';
import '../../../courses.css';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Assignment' };

type Params = Promise<{ slug: string; id: string }>;

/** The exercise as a course assignment: its banner above, submissions counting for it. */
export default async function AssignmentPage({ params }: { params: Params }) {
  const { slug, id } = await params;
  const user = await requirePageUser(`/courses/${encodeURIComponent(slug)}/assignments/${encodeURIComponent(id)}`);
  if (!courseSlugSchema.safeParse(slug).success || !recordIdSchema.safeParse(id).success) notFound();
  const assignment = await orNotFound(courses.assignment(user, slug, id));
  const exercise = await exerciseDetail(assignment.exercise.slug);
  if (!exercise) notFound();
  return (
    <ExerciseLayout
      user={user}
      exercise={exercise}
      banner={<AssignmentBanner a={assignment} />}
      // Staff may open it to look; only members (enrolled) submit for the assignment.
      assignmentId={assignment.standing ? assignment.id : undefined}
    />
  );
}
