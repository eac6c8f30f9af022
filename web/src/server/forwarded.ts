// Who the client is and which host it asked for. The X-Forwarded-* headers are believed only when
// TRUST_PROXY says how many proxies set them; a client talking to the site directly could send any.
import { env } from '../env';

/**
 * The value the outermost trusted proxy wrote. Each proxy appends what it saw, so with `hops`
 * proxies the entry `hops` from the end is the first one a client could not have forged.
 */
function fromProxies(request: Request, header: string, hops: number): string | null {
  const entries = (request.headers.get(header) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) return null;
  return entries[Math.max(0, entries.length - hops)]!;
}

/** The host the browser asked for (what its Origin header must name). */
export function requestHost(request: Request, trustProxy = env.TRUST_PROXY): string {
  return (trustProxy > 0 ? fromProxies(request, 'x-forwarded-host', trustProxy) : null) ?? request.headers.get('host') ?? new URL(request.url).host;
}

/** Whether the browser's connection was HTTPS. */
export function requestIsHttps(request: Request, trustProxy = env.TRUST_PROXY): boolean {
  const forwarded = trustProxy > 0 ? fromProxies(request, 'x-forwarded-proto', trustProxy) : null;
  return (forwarded ?? new URL(request.url).protocol.replace(':', '')).toLowerCase() === 'https';
}

/**
 * The client's address, the key of the per-address sign-in throttle; null when unknown.
 * Behind trusted proxies: what the outermost one saw. Without a proxy, route handlers cannot see
 * the socket; Next.js copies the socket's address into X-Forwarded-For when the client sent no such
 * header, so that is what is read. A client that sends its own header there chooses its bucket, but
 * the per-account limits still hold it; deployments should run behind a proxy with TRUST_PROXY set.
 */
export function clientAddress(request: Request, trustProxy = env.TRUST_PROXY): string | null {
  const address = fromProxies(request, 'x-forwarded-for', Math.max(1, trustProxy));
  return address && address.length <= 100 ? address : null;
}
