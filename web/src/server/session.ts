// Who is asking: the `tl_session` cookie (httpOnly, SameSite=Lax) resolved through the data layer.
import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { env } from '../env';
import { signInPath } from '../lib/safe-next';
import { AppError } from './app-error';
import { requestIsHttps } from './forwarded';
import { userForSessionToken, type PublicUser } from './data';

export { assertSameOrigin } from './origin';

export const SESSION_COOKIE = 'tl_session';

export interface CookieOptions {
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
  path: '/';
  expires?: Date;
  maxAge?: number;
}

/** Secure when configured, or (auto) when the request arrived over HTTPS, directly or via a proxy. */
export function cookieIsSecure(request: Request): boolean {
  if (env.TL_COOKIE_SECURE !== 'auto') return env.TL_COOKIE_SECURE === 'true';
  return requestIsHttps(request);
}

export function sessionCookieOptions(request: Request, expires?: Date): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: cookieIsSecure(request), path: '/', ...(expires ? { expires } : { maxAge: 0 }) };
}

export async function sessionToken(): Promise<string | undefined> {
  return (await cookies()).get(SESSION_COOKIE)?.value;
}

/** The signed-in user, or null. */
export async function currentUser(): Promise<PublicUser | null> {
  return userForSessionToken(await sessionToken());
}

/** For pages: the signed-in user, or a redirect to /signin?next=<this page>. */
export async function requirePageUser(nextPath: string): Promise<PublicUser> {
  const user = await currentUser();
  if (!user) redirect(signInPath(nextPath));
  return user;
}

/** For API routes: the signed-in user, or a 401 AppError. */
export async function requireApiUser(): Promise<PublicUser> {
  const user = await currentUser();
  if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
  return user;
}
