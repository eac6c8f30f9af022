// The leaderboard metric an exercise declares (exercise.json `leaderboardMetric`), read from the
// exercise.json the database keeps (Exercise.metadata).
import { leaderboardMetricSchema, type LeaderboardMetricMeta } from '@tyinglab/exercise-format';

/** The declared metric, if any; a declaration the schema refuses counts as none. */
export function declaredMetric(metadata: unknown): LeaderboardMetricMeta | null {
  const raw = metadata && typeof metadata === 'object' ? (metadata as { leaderboardMetric?: unknown }).leaderboardMetric : undefined;
  const parsed = leaderboardMetricSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
