// POST /api/auth/signin — JSON ({email,password}) answers JSON; an HTML form post answers with a
// redirect (to `next` on success, back to /signin with an error otherwise), so sign-in works without JS.
// Throttled attempts (data/attempt-sign-in.ts): JSON gets 429 with Retry-After; a form post is sent
// back to /signin?error=throttled&retry=<seconds>, whose page says how long to wait (a browser
// navigating a form post would show a bare 429 body instead of the page).
import { NextResponse } from 'next/server';
import { safeNextPath } from '@/lib/safe-next';
import { AppError, errorResponse } from '@/server/app-error';
import { clientAddress } from '@/server/forwarded';
import { signIn, toUserJson } from '@/server/data';
import { mediaType, readBodyText, readJsonBody } from '@/server/request-body';
import { assertSameOrigin, SESSION_COOKIE, sessionCookieOptions } from '@/server/session';
import { parseOrThrow, signInSchema, type SignInRequest } from '@/server/validation';

export const dynamic = 'force-dynamic';

const MAX_FORM_BYTES = 10_000;

async function readForm(request: Request): Promise<Record<string, string>> {
  const type = mediaType(request);
  if (type === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(await readBodyText(request, MAX_FORM_BYTES)));
  }
  if (type === 'multipart/form-data') {
    const declared = Number(request.headers.get('content-length') ?? 'NaN');
    if (!(declared <= MAX_FORM_BYTES)) throw new AppError('PAYLOAD_TOO_LARGE', 'The sign-in form is too large.');
    const form = await request.formData();
    const out: Record<string, string> = {};
    for (const [key, value] of form.entries()) if (typeof value === 'string') out[key] = value;
    return out;
  }
  throw new AppError('UNSUPPORTED_MEDIA', 'Send the sign-in as application/json or as a form.');
}

/** 303 with a relative Location, so the redirect stays on whatever host the browser used (proxies included). */
function redirectTo(path: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { Location: path, 'Cache-Control': 'no-store' } });
}

export async function POST(request: Request): Promise<Response> {
  const isJson = mediaType(request) === 'application/json';
  let fields: SignInRequest | null = null;
  try {
    assertSameOrigin(request);
    const raw = isJson ? await readJsonBody(request, MAX_FORM_BYTES) : await readForm(request);
    fields = parseOrThrow(signInSchema, raw, 'sign-in');
    const result = await signIn(fields.email, fields.password, clientAddress(request));
    if (!result) throw new AppError('UNAUTHENTICATED', 'Email or password is incorrect.');

    const response = isJson
      ? NextResponse.json({ user: toUserJson(result.user) }, { headers: { 'Cache-Control': 'no-store' } })
      : redirectTo(safeNextPath(fields.next));
    response.cookies.set(SESSION_COOKIE, result.token, sessionCookieOptions(request, result.expiresAt));
    return response;
  } catch (err) {
    if (!isJson && err instanceof AppError && (err.code === 'UNAUTHENTICATED' || err.code === 'VALIDATION')) {
      const next = safeNextPath(fields?.next);
      return redirectTo(`/signin?error=invalid&next=${encodeURIComponent(next)}`);
    }
    if (!isJson && err instanceof AppError && err.code === 'RATE_LIMITED') {
      const next = safeNextPath(fields?.next);
      return redirectTo(`/signin?error=throttled&retry=${err.retryAfterSeconds ?? 60}&next=${encodeURIComponent(next)}`);
    }
    return errorResponse(err);
  }
}
