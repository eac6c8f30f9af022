// GET /api/submissions/[id]/events — live status as Server-Sent Events (`status` events carrying
// the submission JSON) until the verdict; the browser falls back to polling if this fails.
import { env } from '@/env';
import { isTerminalStatus } from '@/lib/wire';
import { AppError, errorResponse } from '@/server/app-error';
import { submissionForViewer } from '@/server/data';
import { requireApiUser } from '@/server/session';
import { createStatusStream, SSE_HEADERS } from '@/server/sse';
import { parseOrThrow, submissionIdSchema } from '@/server/validation';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const user = await requireApiUser();
    const id = parseOrThrow(submissionIdSchema, (await context.params).id, 'submission id');
    if (!(await submissionForViewer(id, user))) throw new AppError('NOT_FOUND', 'No such submission.');

    const stream = createStatusStream({
      load: () => submissionForViewer(id, user),
      isTerminal: (view) => isTerminalStatus(view.status),
      intervalMs: env.TL_SSE_POLL_MS,
      heartbeatMs: env.TL_SSE_HEARTBEAT_MS,
      maxDurationMs: env.TL_SSE_MAX_MS,
      signal: request.signal,
    });
    return new Response(stream, { headers: SSE_HEADERS });
  } catch (err) {
    return errorResponse(err);
  }
}
