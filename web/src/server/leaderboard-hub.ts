// Live leaderboards: every open board of a course in this process shares ONE poller, which re-reads
// the course's cheap leaderboard version (getLeaderboardVersion: one row) every
// TL_LEADERBOARD_POLL_MS. The stream sends the version when it changes; each page then fetches its
// own board (what it may see differs per viewer), so the boards themselves are read only on change.
import 'server-only';
import { env } from '../env';
import { StatusHub } from './status-hub';

const holder = globalThis as unknown as { __tyingLabLeaderboardHub?: StatusHub<string> };

export function leaderboardHub(): StatusHub<string> {
  holder.__tyingLabLeaderboardHub ??= new StatusHub<string>({
    intervalMs: env.TL_LEADERBOARD_POLL_MS,
    maxPerUser: env.TL_SSE_MAX_PER_USER,
    maxPerKey: env.TL_LEADERBOARD_MAX_PER_COURSE,
    refusals: {
      perUser: (open) => `You already have ${open} live leaderboards open; close some tabs (the board also updates when you reload).`,
      perKey: 'Too many live views of this leaderboard are open; it updates when you reload.',
    },
  });
  return holder.__tyingLabLeaderboardHub;
}
