// POST /api/courses/{slug}/leaderboard/settings {hidden?, frozenAt?} — instructors hide the course's
// leaderboards from students (or show them again) and freeze them at an instant (null lifts it):
// 200 {hidden, frozenAt}. Students then read "hidden by the instructor"; a frozen board ranks the
// submissions made until the instant.
import { errorResponse } from '@/server/app-error';
import { leaderboards } from '@/server/data';
import { jsonResponse } from '@/server/json-response';
import { readJsonBody } from '@/server/request-body';
import { assertSameOrigin, requireApiUser } from '@/server/session';
import { courseSlugSchema, leaderboardSettingsSchema, parseOrThrow } from '@/server/validation';

export const dynamic = 'force-dynamic';

export async function POST(request: Request, context: { params: Promise<{ slug: string }> }): Promise<Response> {
  try {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const slug = parseOrThrow(courseSlugSchema, (await context.params).slug, 'course');
    const input = parseOrThrow(leaderboardSettingsSchema, await readJsonBody(request, 1_000), 'leaderboard settings');
    return jsonResponse(await leaderboards.settings(user, slug, input));
  } catch (err) {
    return errorResponse(err);
  }
}
