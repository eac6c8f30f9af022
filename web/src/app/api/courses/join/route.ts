// POST /api/courses/join {joinCode} — enrols the signed-in user as a student: 200 {slug, title}.
// An unknown (or replaced) code is a 404 with a message; joining twice is a 409 and adds nothing.
import { errorResponse } from '@/server/app-error';
import { courses } from '@/server/data';
import { jsonResponse } from '@/server/json-response';
import { readJsonBody } from '@/server/request-body';
import { assertSameOrigin, requireApiUser } from '@/server/session';
import { joinCourseSchema, parseOrThrow } from '@/server/validation';

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const { joinCode } = parseOrThrow(joinCourseSchema, await readJsonBody(request, 10_000), 'join request');
    return jsonResponse(await courses.join(user, joinCode));
  } catch (err) {
    return errorResponse(err);
  }
}
