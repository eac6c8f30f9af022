// GET    /api/courses/{slug} — the course for a member: details, the viewer's standing, assignments
//        (with the viewer's attempts and counted score); staff also get the join code.
// DELETE /api/courses/{slug} — instructors (and admins) delete the course; submissions stay with their authors.
import { errorResponse } from '@/server/app-error';
import { courses } from '@/server/data';
import { jsonResponse } from '@/server/json-response';
import { assertSameOrigin, requireApiUser } from '@/server/session';
import { courseSlugSchema, parseOrThrow } from '@/server/validation';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ slug: string }> };

export async function GET(_request: Request, context: Context): Promise<Response> {
  try {
    const user = await requireApiUser();
    const slug = parseOrThrow(courseSlugSchema, (await context.params).slug, 'course');
    const [course, assignments] = await Promise.all([courses.overview(user, slug), courses.assignments(user, slug)]);
    return jsonResponse({ course, assignments });
  } catch (err) {
    return errorResponse(err);
  }
}

export async function DELETE(request: Request, context: Context): Promise<Response> {
  try {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const slug = parseOrThrow(courseSlugSchema, (await context.params).slug, 'course');
    await courses.remove(user, slug);
    return jsonResponse({ deleted: slug });
  } catch (err) {
    return errorResponse(err);
  }
}
