import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ExerciseLayout } from '@/components/ExerciseLayout';
import { exerciseDetail } from '@/server/data';
import { currentUser } from '@/server/session';
import { exerciseSlugSchema } from '@/server/validation';

export const dynamic = 'force-dynamic';

type Params = Promise<{ slug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug } = await params;
  if (!exerciseSlugSchema.safeParse(slug).success) return { title: 'Exercise not found' };
  const exercise = await exerciseDetail(slug);
  return { title: exercise?.title ?? 'Exercise not found' };
}

// Readable without an account (a newcomer can see what an exercise asks before signing up); the page
// then offers signing in where it would submit.
export default async function ExercisePage({ params }: { params: Params }) {
  const { slug } = await params;
  if (!exerciseSlugSchema.safeParse(slug).success) notFound();
  const user = await currentUser();
  const exercise = await exerciseDetail(slug);
  if (!exercise) notFound();

  return <ExerciseLayout user={user} exercise={exercise} />;
}
