// GET /api/courses/{slug}/assignments/{id} — one assignment for a member of the course: its policy,
// state (UPCOMING, OPEN, LATE, CLOSED) and the viewer's attempts, next allowed time and counted score.
import { errorResponse } from '@/server/app-error';
import { courses } from '@/server/data';
import { jsonResponse } from '@/server/json-response';
import { requireApiUser } from '@/server/session';
import { courseSlugSchema, parseOrThrow, recordIdSchema } from '@/server/validation';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, context: { params: Promise<{ slug: string; id: string }> }): Promise<Response> {
  try {
    const user = await requireApiUser();
    const params = await context.params;
    const slug = parseOrThrow(courseSlugSchema, params.slug, 'course');
    const id = parseOrThrow(recordIdSchema, params.id, 'assignment id');
    return jsonResponse({ assignment: await courses.assignment(user, slug, id) });
  } catch (err) {
    return errorResponse(err);
  }
}
