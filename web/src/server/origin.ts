// Cross-site form posts are refused: browsers send Origin on POST, and it must name this site.
// (JSON endpoints are also protected by their media type, which a cross-site form cannot send.)
import { AppError } from './app-error';

export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get('origin');
  if (origin === null) return; // non-browser clients (curl, tests) send none
  const forbidden = () => new AppError('FORBIDDEN', 'Cross-site requests are not allowed.');
  if (origin === 'null') throw forbidden();
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? new URL(request.url).host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw forbidden();
  }
  if (originHost !== host) throw forbidden();
}
