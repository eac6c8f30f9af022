// POST /api/auth/signup {email, displayName, password} — creates a STUDENT account and signs it in:
// 201 with the session cookie set exactly as at sign-in. A taken email is a 409 with a clear message.
// (The instructor role is granted by an admin: POST /api/admin/roles.)
import { NextResponse } from 'next/server';
import { errorResponse } from '@/server/app-error';
import { signUp, toUserJson } from '@/server/data';
import { readJsonBody } from '@/server/request-body';
import { assertSameOrigin, SESSION_COOKIE, sessionCookieOptions } from '@/server/session';
import { parseOrThrow, signUpSchema } from '@/server/validation';

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request);
    const input = parseOrThrow(signUpSchema, await readJsonBody(request, 10_000), 'sign-up');
    const result = await signUp(input);
    const response = NextResponse.json({ user: toUserJson(result.user) }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
    response.cookies.set(SESSION_COOKIE, result.token, sessionCookieOptions(request, result.expiresAt));
    return response;
  } catch (err) {
    return errorResponse(err);
  }
}
