// POST /api/courses/{slug}/leaderboard/me {name?, optOut?} — a student's own entry on the course's
// leaderboards: the name the other students see (null = their account's name; unique in the course
// whatever the case, and never another member's name) and whether they leave the boards (they
// still see their own rank): 200 {name, optOut}. Staff are not ranked (403).
import { errorResponse } from '@/server/app-error';
import { BOARD_NAME_MAX, leaderboards } from '@/server/data';
import { jsonResponse } from '@/server/json-response';
import { readJsonBody } from '@/server/request-body';
import { assertSameOrigin, requireApiUser } from '@/server/session';
import { courseSlugSchema, leaderboardEntrySchema, parseOrThrow } from '@/server/validation';

export const dynamic = 'force-dynamic';

export async function POST(request: Request, context: { params: Promise<{ slug: string }> }): Promise<Response> {
  try {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const slug = parseOrThrow(courseSlugSchema, (await context.params).slug, 'course');
    const input = parseOrThrow(leaderboardEntrySchema(BOARD_NAME_MAX), await readJsonBody(request, 2_000), 'leaderboard entry');
    return jsonResponse(await leaderboards.mine(user, slug, input));
  } catch (err) {
    return errorResponse(err);
  }
}
