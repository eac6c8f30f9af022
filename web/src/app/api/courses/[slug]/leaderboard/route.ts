// GET /api/courses/{slug}/leaderboard?assignment={id} — a course's leaderboard for a member: 200
// { rows: [{ rank, name, score, reachedAt, metric, me, … }], me, metric, frozenAt, … }; without
// `assignment`, the course-wide board. `name` is what the viewer may see (board names for students,
// real names for staff); opted-out learners are absent for everyone but themselves and the staff.
// Non-members get 404; a board the instructors hid answers students 403 with a sentence saying so.
import { AppError, errorResponse } from '@/server/app-error';
import { leaderboards } from '@/server/data';
import { jsonResponse } from '@/server/json-response';
import { requireApiUser } from '@/server/session';
import { courseSlugSchema, leaderboardQuerySchema, parseOrThrow } from '@/server/validation';
import { hiddenBoardMessage } from '@/lib/leaderboard-text';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ slug: string }> }): Promise<Response> {
  try {
    const user = await requireApiUser();
    const slug = parseOrThrow(courseSlugSchema, (await context.params).slug, 'course');
    const assignment = new URL(request.url).searchParams.get('assignment');
    const query = parseOrThrow(leaderboardQuerySchema, assignment === null ? {} : { assignment }, 'leaderboard query');
    const board = await leaderboards.board(user, slug, query.assignment);
    if (board.state === 'hidden') throw new AppError('FORBIDDEN', hiddenBoardMessage(board.course.title));
    const { state: _state, ...shown } = board;
    return jsonResponse(shown);
  } catch (err) {
    return errorResponse(err);
  }
}
