// POST /api/admin/roles {email, role} — an admin sets an account's global role (INSTRUCTOR = may create
// courses). Course roles are separate: POST /api/courses/{slug}/members.
import { errorResponse } from '@/server/app-error';
import { changeUserRole, toUserJson } from '@/server/data';
import { jsonResponse } from '@/server/json-response';
import { readJsonBody } from '@/server/request-body';
import { assertSameOrigin, requireApiUser } from '@/server/session';
import { parseOrThrow, setRoleSchema } from '@/server/validation';

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request);
    const actor = await requireApiUser();
    const { email, role } = parseOrThrow(setRoleSchema, await readJsonBody(request, 10_000));
    return jsonResponse({ user: toUserJson(await changeUserRole(actor, email, role)) });
  } catch (err) {
    return errorResponse(err);
  }
}
