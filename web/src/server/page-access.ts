// Pages ask the same data functions as the API, which refuse what the viewer may not see; a page turns
// such a refusal into its 404 (a course one is not in does not exist, as far as they can tell).
import 'server-only';
import { notFound } from 'next/navigation';
import { AppError } from './app-error';

export async function orNotFound<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (err) {
    if (err instanceof AppError && (err.code === 'NOT_FOUND' || err.code === 'FORBIDDEN' || err.code === 'VALIDATION')) notFound();
    throw err;
  }
}
