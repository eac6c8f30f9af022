// Cross-site form posts are refused: browsers send Origin on POST, and it must name this site.
// (JSON endpoints are also protected by their media type, which a cross-site form cannot send.)
// The site's host comes from the Host header, or from X-Forwarded-Host only behind a configured
// proxy (TRUST_PROXY): otherwise a cross-site page's request could simply claim the host it needs.
import { env } from '../env';
import { AppError } from './app-error';
import { requestHost } from './forwarded';

export function assertSameOrigin(request: Request, trustProxy = env.TRUST_PROXY): void {
  const origin = request.headers.get('origin');
  if (origin === null) return; // non-browser clients (curl, tests) send none
  const forbidden = () => new AppError('FORBIDDEN', 'Cross-site requests are not allowed.');
  if (origin === 'null') throw forbidden();
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw forbidden();
  }
  if (originHost !== requestHost(request, trustProxy)) throw forbidden();
}
