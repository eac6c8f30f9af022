import type { Metadata } from 'next';
import { LeaderboardScreen } from '../../../../leaderboard-screen';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Assignment leaderboard' };

/** One assignment's leaderboard, with the exercise's trusted metric when it declares one. */
export default async function AssignmentLeaderboardPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  return <LeaderboardScreen slug={slug} assignmentId={id} />;
}
