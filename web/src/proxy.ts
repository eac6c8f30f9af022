// Next.js proxy (formerly middleware): gives every page a Content-Security-Policy with a fresh
// nonce. Next.js reads the nonce from the request's CSP header while rendering and puts it on the
// scripts it emits, so pages must render per request (they do: the root layout reads the session
// cookie). Static files, the API and the check worker are not pages; next.config.ts gives the API
// and the worker their own fixed policies.
import { NextResponse, type NextRequest } from 'next/server';
import { env } from './env';
import { documentCsp } from './server/csp';

export function proxy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const policy = documentCsp(nonce, env.NODE_ENV === 'development');
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  matcher: ['/((?!api/|_next/static/|_next/image|monaco/|check-worker/|favicon\\.ico|icon\\.svg).*)'],
};
