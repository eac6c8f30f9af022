// GET  /api/courses/{slug}/members — the roster, for course staff (TAs included).
// POST /api/courses/{slug}/members {email, role} — instructors add a co-instructor, TA or student by
//      email, or change a member's course role. The account must exist (they sign up first).
import { errorResponse } from '@/server/app-error';
import { courses } from '@/server/data';
import { jsonResponse } from '@/server/json-response';
import { readJsonBody } from '@/server/request-body';
import { assertSameOrigin, requireApiUser } from '@/server/session';
import { courseSlugSchema, memberRoleSchema, parseOrThrow } from '@/server/validation';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ slug: string }> };

export async function GET(_request: Request, context: Context): Promise<Response> {
  try {
    const user = await requireApiUser();
    const slug = parseOrThrow(courseSlugSchema, (await context.params).slug, 'course');
    return jsonResponse({ members: await courses.roster(user, slug) });
  } catch (err) {
    return errorResponse(err);
  }
}

export async function POST(request: Request, context: Context): Promise<Response> {
  try {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const slug = parseOrThrow(courseSlugSchema, (await context.params).slug, 'course');
    const input = parseOrThrow(memberRoleSchema, await readJsonBody(request, 10_000), 'member');
    return jsonResponse({ member: await courses.setMemberRole(user, slug, input) });
  } catch (err) {
    return errorResponse(err);
  }
}
