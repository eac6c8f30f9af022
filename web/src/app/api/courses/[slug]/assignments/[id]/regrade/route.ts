// POST /api/courses/{slug}/assignments/{id}/regrade {submissionId?} — instructors send one finished
// submission, or all of the assignment's, through the grading queue again, behind every live
// submission: 202 {queued}. The old score and exercise version stay next to the new grade.
import { errorResponse } from '@/server/app-error';
import { courses } from '@/server/data';
import { jsonResponse } from '@/server/json-response';
import { readJsonBody } from '@/server/request-body';
import { assertSameOrigin, requireApiUser } from '@/server/session';
import { courseSlugSchema, parseOrThrow, recordIdSchema, regradeSchema } from '@/server/validation';

export const dynamic = 'force-dynamic';

export async function POST(request: Request, context: { params: Promise<{ slug: string; id: string }> }): Promise<Response> {
  try {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const params = await context.params;
    const slug = parseOrThrow(courseSlugSchema, params.slug, 'course');
    const id = parseOrThrow(recordIdSchema, params.id, 'assignment id');
    const { submissionId } = parseOrThrow(regradeSchema, await readJsonBody(request, 1_000), 'regrade');
    return jsonResponse(await courses.regrade(user, slug, id, submissionId), 202);
  } catch (err) {
    return errorResponse(err);
  }
}
