// GET /api/courses/{slug}/gradebook.csv — course staff download the gradebook: one row per student, one
// column per assignment, each cell the score the course counts (the same function as everywhere).
import { errorResponse } from '@/server/app-error';
import { courses } from '@/server/data';
import { requireApiUser } from '@/server/session';
import { courseSlugSchema, parseOrThrow } from '@/server/validation';
import { gradebookCsv } from '@/lib/gradebook-csv';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, context: { params: Promise<{ slug: string }> }): Promise<Response> {
  try {
    const user = await requireApiUser();
    const slug = parseOrThrow(courseSlugSchema, (await context.params).slug, 'course');
    const csv = gradebookCsv(await courses.gradebook(user, slug));
    return new Response(csv, {
      status: 200,
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${slug}-gradebook.csv"`,
        'Cache-Control': 'no-store',
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
