// GET /api/courses/{slug}/leaderboard/events — Server-Sent Events for a course's live leaderboards:
// a `status` event carrying the course's leaderboard version whenever it changes (a submission in
// the course was graded or regraded, a setting, a name or an opt-out changed). The page then
// refetches its board from /api/courses/{slug}/leaderboard. Members only (the version says nothing
// about anyone, so a student on a hidden board may follow it and see it come back). One poller per
// course per process (server/leaderboard-hub.ts); a few streams per user, 429 beyond.
import { env } from '@/env';
import { errorResponse } from '@/server/app-error';
import { courses, leaderboards } from '@/server/data';
import { leaderboardHub } from '@/server/leaderboard-hub';
import { requireApiUser } from '@/server/session';
import { createStatusStream, SSE_HEADERS } from '@/server/sse';
import { courseSlugSchema, parseOrThrow } from '@/server/validation';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request, context: { params: Promise<{ slug: string }> }): Promise<Response> {
  try {
    const user = await requireApiUser();
    const slug = parseOrThrow(courseSlugSchema, (await context.params).slug, 'course');
    await courses.overview(user, slug); // members only: 404 for anyone else
    const subscription = leaderboardHub().subscribe({
      key: slug,
      userId: user.id,
      load: () => leaderboards.version(slug),
      isTerminal: () => false,
    });
    return new Response(createStatusStream(subscription, { heartbeatMs: env.TL_SSE_HEARTBEAT_MS, maxDurationMs: env.TL_SSE_MAX_MS, signal: request.signal }), { headers: SSE_HEADERS });
  } catch (err) {
    return errorResponse(err);
  }
}
