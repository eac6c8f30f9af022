import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ExerciseLayout } from '@/components/ExerciseLayout';
import { exerciseDetail } from '@/server/data';
import { requirePageUser } from '@/server/session';
import { exerciseSlugSchema } from '@/server/validation';

export const dynamic = 'force-dynamic';

type Params = Promise<{ slug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug } = await params;
  if (!exerciseSlugSchema.safeParse(slug).success) return { title: 'Exercise not found' };
  const exercise = await exerciseDetail(slug);
  return { title: exercise?.title ?? 'Exercise not found' };
}

export default async function ExercisePage({ params }: { params: Params }) {
  const { slug } = await params;
  const user = await requirePageUser(`/exercises/${encodeURIComponent(slug)}`);
  if (!exerciseSlugSchema.safeParse(slug).success) notFound();
  const exercise = await exerciseDetail(slug);
  if (!exercise) notFound();

  return <ExerciseLayout user={user} exercise={exercise} />;
}
