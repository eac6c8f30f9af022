// POST /api/auth/signout — ends the session (database row and cookie). Form posts are redirected
// to /signin; JSON callers get {ok:true}.
import { NextResponse } from 'next/server';
import { errorResponse } from '@/server/app-error';
import { signOut } from '@/server/data';
import { mediaType } from '@/server/request-body';
import { assertSameOrigin, SESSION_COOKIE, sessionCookieOptions, sessionToken } from '@/server/session';

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request);
    const token = await sessionToken();
    if (token) await signOut(token);
    const response =
      mediaType(request) === 'application/json'
        ? NextResponse.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } })
        : new NextResponse(null, { status: 303, headers: { Location: '/signin', 'Cache-Control': 'no-store' } });
    response.cookies.set(SESSION_COOKIE, '', sessionCookieOptions(request));
    return response;
  } catch (err) {
    return errorResponse(err);
  }
}
