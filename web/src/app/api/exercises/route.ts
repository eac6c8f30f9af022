// GET /api/exercises — the catalogue as JSON, in catalogue order.
import { errorResponse } from '@/server/app-error';
import { catalogue } from '@/server/data';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  try {
    return Response.json({ exercises: await catalogue() }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
