// POST /api/courses/{slug}/members/{userId}/password-reset — an instructor (or admin) issues a one-time
// password-reset link for a student of the course: 201 {path, expiresAt, user}. There is no mail; the
// instructor hands the link over. The token rides in the fragment (#token=…) so it never reaches a
// server log or a Referer header.
import { errorResponse } from '@/server/app-error';
import { courses } from '@/server/data';
import { jsonResponse } from '@/server/json-response';
import { assertSameOrigin, requireApiUser } from '@/server/session';
import { courseSlugSchema, parseOrThrow, recordIdSchema } from '@/server/validation';

export const dynamic = 'force-dynamic';

export async function POST(request: Request, context: { params: Promise<{ slug: string; userId: string }> }): Promise<Response> {
  try {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const params = await context.params;
    const slug = parseOrThrow(courseSlugSchema, params.slug, 'course');
    const userId = parseOrThrow(recordIdSchema, params.userId, 'member id');
    const issued = await courses.passwordResetLink(user, slug, userId);
    return jsonResponse({ path: `/reset-password#token=${issued.token}`, expiresAt: issued.expiresAt, user: issued.user }, 201);
  } catch (err) {
    return errorResponse(err);
  }
}
