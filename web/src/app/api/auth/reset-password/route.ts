// POST /api/auth/reset-password {token, password} — spends a one-time reset link (issued by an
// instructor or admin) to set a new password; every session of the account ends. No sign-in needed:
// the token is the proof.
import { errorResponse } from '@/server/app-error';
import { resetPassword } from '@/server/data';
import { jsonResponse } from '@/server/json-response';
import { readJsonBody } from '@/server/request-body';
import { assertSameOrigin } from '@/server/session';
import { parseOrThrow, resetPasswordSchema } from '@/server/validation';

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request);
    const { token, password } = parseOrThrow(resetPasswordSchema, await readJsonBody(request, 10_000), 'password reset');
    return jsonResponse(await resetPassword(token, password));
  } catch (err) {
    return errorResponse(err);
  }
}
