// GET /api/courses/{slug}/assignments/{id}/dashboard — for course staff: each student's counted score,
// attempts and last submission, a histogram of the counted scores, per-check pass rates, the queue.
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
    return jsonResponse({ dashboard: await courses.dashboard(user, slug, id) });
  } catch (err) {
    return errorResponse(err);
  }
}
