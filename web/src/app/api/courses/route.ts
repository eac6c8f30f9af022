// GET  /api/courses — the signed-in user's courses (an admin: all).
// POST /api/courses {title, slug, description?} — a global instructor (or admin) creates a course and
//      becomes its owner and first instructor: 201 {slug, joinCode}. Students get 403.
import { errorResponse } from '@/server/app-error';
import { courses } from '@/server/data';
import { jsonResponse } from '@/server/json-response';
import { readJsonBody } from '@/server/request-body';
import { assertSameOrigin, requireApiUser } from '@/server/session';
import { createCourseSchema, parseOrThrow } from '@/server/validation';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  try {
    const user = await requireApiUser();
    return jsonResponse({ courses: await courses.listMine(user) });
  } catch (err) {
    return errorResponse(err);
  }
}

export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const input = parseOrThrow(createCourseSchema, await readJsonBody(request, 20_000), 'course');
    const created = await courses.create(user, input);
    return jsonResponse(created, 201, `/api/courses/${created.slug}`);
  } catch (err) {
    return errorResponse(err);
  }
}
