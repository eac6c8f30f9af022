// GET /api/submissions/[id]/events — live status as Server-Sent Events (`status` events carrying
// the submission JSON) until the verdict; the browser falls back to polling if this fails or is
// refused. Every viewer of a submission shares one poller in this process (server/status-hub.ts),
// and each user and each submission may hold only a few streams (429 beyond that).
import { isTerminalStatus, type SubmissionViewJson } from '@/lib/wire';
import { AppError, errorResponse } from '@/server/app-error';
import { env } from '@/env';
import { submissionForViewer } from '@/server/data';
import { requireApiUser } from '@/server/session';
import { createStatusStream, SSE_HEADERS } from '@/server/sse';
import { submissionStatusHub } from '@/server/status-hub';
import { parseOrThrow, submissionIdSchema } from '@/server/validation';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const user = await requireApiUser();
    const id = parseOrThrow(submissionIdSchema, (await context.params).id, 'submission id');
    if (!(await submissionForViewer(id, user))) throw new AppError('NOT_FOUND', 'No such submission.');

    // Access was checked just above, for this viewer. The poller may use this viewer's loader for
    // everyone: a submission reads the same for each viewer allowed to see it.
    const subscription = submissionStatusHub<SubmissionViewJson>().subscribe({
      key: id,
      userId: user.id,
      load: () => submissionForViewer(id, user),
      isTerminal: (view) => isTerminalStatus(view.status),
    });
    const stream = createStatusStream(subscription, {
      heartbeatMs: env.TL_SSE_HEARTBEAT_MS,
      maxDurationMs: env.TL_SSE_MAX_MS,
      signal: request.signal,
    });
    return new Response(stream, { headers: SSE_HEADERS });
  } catch (err) {
    return errorResponse(err);
  }
}
