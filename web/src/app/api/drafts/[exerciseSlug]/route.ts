// GET /api/drafts/<exerciseSlug> — the signed-in learner's saved editor text for the exercise:
//     200 { draft: { code, updatedAt } | null }.
// PUT /api/drafts/<exerciseSlug> { code } — saves it (the exercise page does, a moment after the
//     learner stops typing): 200 { updatedAt }. Bounded like a submission (413 beyond); only the
//     learner's own draft is ever read or written, so there is no id to guess.
import { errorResponse } from '@/server/app-error';
import { DRAFT_CODE_MAX_BYTES, draftFor, saveDraftFor } from '@/server/data';
import { jsonResponse } from '@/server/json-response';
import { MAX_JSON_BODY_BYTES, readJsonBody } from '@/server/request-body';
import { assertSameOrigin, requireApiUser } from '@/server/session';
import { exerciseSlugSchema, parseOrThrow, parseSaveDraft } from '@/server/validation';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ exerciseSlug: string }> };

export async function GET(_request: Request, context: Context): Promise<Response> {
  try {
    const user = await requireApiUser();
    const slug = parseOrThrow(exerciseSlugSchema, (await context.params).exerciseSlug, 'exercise slug');
    return jsonResponse({ draft: await draftFor(user, slug) });
  } catch (err) {
    return errorResponse(err);
  }
}

export async function PUT(request: Request, context: Context): Promise<Response> {
  try {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const slug = parseOrThrow(exerciseSlugSchema, (await context.params).exerciseSlug, 'exercise slug');
    const { code } = parseSaveDraft(await readJsonBody(request, MAX_JSON_BODY_BYTES), DRAFT_CODE_MAX_BYTES);
    return jsonResponse(await saveDraftFor(user, slug, code));
  } catch (err) {
    return errorResponse(err);
  }
}
