// POST /api/submissions — queue a submission: validate, write the QUEUED row, then answer 202. With
//      `assignmentId` it counts for a course assignment (membership, window, cap and gap enforced).
// GET  /api/submissions?exerciseSlug=…[&before=<id>] — the signed-in learner's submissions for one
//      exercise, newest first, a page at a time: { submissions, more }; `before` = the last id of the
//      previous page.
import { AppError, errorResponse } from '@/server/app-error';
import { submissionHistory, submit, SUBMISSION_CODE_MAX_BYTES } from '@/server/data';
import { MAX_JSON_BODY_BYTES, readJsonBody, requireJsonMediaType } from '@/server/request-body';
import { requireApiUser } from '@/server/session';
import { exerciseSlugSchema, parseCreateSubmission, parseOrThrow, submissionIdSchema } from '@/server/validation';

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  try {
    const user = await requireApiUser();
    requireJsonMediaType(request);
    const body = await readJsonBody(request, MAX_JSON_BODY_BYTES);
    const { exerciseSlug, code, assignmentId } = parseCreateSubmission(body, SUBMISSION_CODE_MAX_BYTES);
    const { id } = await submit(user, exerciseSlug, code, assignmentId);
    return Response.json(
      { id, status: 'QUEUED' },
      { status: 202, headers: { Location: `/api/submissions/${encodeURIComponent(id)}`, 'Cache-Control': 'no-store' } },
    );
  } catch (err) {
    return errorResponse(err);
  }
}

export async function GET(request: Request): Promise<Response> {
  try {
    const user = await requireApiUser();
    const slug = new URL(request.url).searchParams.get('exerciseSlug');
    if (slug === null) throw new AppError('VALIDATION', 'Add ?exerciseSlug=… to list submissions.');
    const exerciseSlug = parseOrThrow(exerciseSlugSchema, slug, 'exerciseSlug');
    const beforeParam = new URL(request.url).searchParams.get('before');
    const before = beforeParam === null ? undefined : parseOrThrow(submissionIdSchema, beforeParam, 'before');
    return Response.json(await submissionHistory(user, exerciseSlug, before ? { before } : {}), { headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
