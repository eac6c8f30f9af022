// POST /api/courses/{slug}/join-code — instructors replace the join code; the old one stops working at once.
import { errorResponse } from '@/server/app-error';
import { courses } from '@/server/data';
import { jsonResponse } from '@/server/json-response';
import { assertSameOrigin, requireApiUser } from '@/server/session';
import { courseSlugSchema, parseOrThrow } from '@/server/validation';

export const dynamic = 'force-dynamic';

export async function POST(request: Request, context: { params: Promise<{ slug: string }> }): Promise<Response> {
  try {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const slug = parseOrThrow(courseSlugSchema, (await context.params).slug, 'course');
    return jsonResponse(await courses.rotateJoinCode(user, slug));
  } catch (err) {
    return errorResponse(err);
  }
}
