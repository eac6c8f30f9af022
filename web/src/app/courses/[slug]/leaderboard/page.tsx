import type { Metadata } from 'next';
import { LeaderboardScreen } from '../../leaderboard-screen';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Course leaderboard' };

/** The course-wide leaderboard: the sum of each learner's counted assignment scores. */
export default async function CourseLeaderboardPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return <LeaderboardScreen slug={slug} assignmentId={null} />;
}
