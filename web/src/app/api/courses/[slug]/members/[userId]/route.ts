// DELETE /api/courses/{slug}/members/{userId} — instructors remove a member (never the owner). Their
// submissions stay theirs.
import { errorResponse } from '@/server/app-error';
import { courses } from '@/server/data';
import { jsonResponse } from '@/server/json-response';
import { assertSameOrigin, requireApiUser } from '@/server/session';
import { courseSlugSchema, parseOrThrow, recordIdSchema } from '@/server/validation';

export const dynamic = 'force-dynamic';

export async function DELETE(request: Request, context: { params: Promise<{ slug: string; userId: string }> }): Promise<Response> {
  try {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const params = await context.params;
    const slug = parseOrThrow(courseSlugSchema, params.slug, 'course');
    const userId = parseOrThrow(recordIdSchema, params.userId, 'member id');
    await courses.removeMember(user, slug, userId);
    return jsonResponse({ removed: userId });
  } catch (err) {
    return errorResponse(err);
  }
}
