// GET  /api/courses/{slug}/assignments — the course's assignments with the viewer's standing.
// POST /api/courses/{slug}/assignments {exerciseSlug, opensAt?, dueAt?, latePolicy?, maxSubmissions?,
//      minSecondsBetween?} — instructors create one: 201 {id}. Dates are ISO instants with a zone;
//      latePolicy = {penaltyPerDay (0–1], cutoffAt}: full credit until dueAt, then penaltyPerDay of the
//      score off per started day late until cutoffAt. Malformed or reversed dates, negative caps: 400.
import { errorResponse } from '@/server/app-error';
import { courses } from '@/server/data';
import { jsonResponse } from '@/server/json-response';
import { readJsonBody } from '@/server/request-body';
import { assertSameOrigin, requireApiUser } from '@/server/session';
import { courseSlugSchema, createAssignmentSchema, parseOrThrow } from '@/server/validation';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ slug: string }> };

export async function GET(_request: Request, context: Context): Promise<Response> {
  try {
    const user = await requireApiUser();
    const slug = parseOrThrow(courseSlugSchema, (await context.params).slug, 'course');
    return jsonResponse({ assignments: await courses.assignments(user, slug) });
  } catch (err) {
    return errorResponse(err);
  }
}

export async function POST(request: Request, context: Context): Promise<Response> {
  try {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const slug = parseOrThrow(courseSlugSchema, (await context.params).slug, 'course');
    const input = parseOrThrow(createAssignmentSchema, await readJsonBody(request, 10_000), 'assignment');
    const { id } = await courses.createAssignment(user, slug, input);
    return jsonResponse({ id }, 201, `/api/courses/${slug}/assignments/${id}`);
  } catch (err) {
    return errorResponse(err);
  }
}
