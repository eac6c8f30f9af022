// GET /api/submissions/[id] — one submission's status, results and code (404 unless it is the viewer's).
import { AppError, errorResponse } from '@/server/app-error';
import { submissionWithCodeForViewer } from '@/server/data';
import { requireApiUser } from '@/server/session';
import { parseOrThrow, submissionIdSchema } from '@/server/validation';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const user = await requireApiUser();
    const id = parseOrThrow(submissionIdSchema, (await context.params).id, 'submission id');
    const view = await submissionWithCodeForViewer(id, user);
    if (!view) throw new AppError('NOT_FOUND', 'No such submission.');
    return Response.json(view, { headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
