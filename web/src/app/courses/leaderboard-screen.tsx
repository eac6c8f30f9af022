// The leaderboard pages (course-wide, and one per assignment): what the viewer may see, rendered on
// the server, then followed live in the browser (components/leaderboard/LiveLeaderboard.tsx). A
// board the instructors hid reads "hidden by the instructor" for students.
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { LiveLeaderboard, type BoardState } from '@/components/leaderboard/LiveLeaderboard';
import { hiddenBoardMessage } from '@/lib/leaderboard-text';
import { courses, leaderboards } from '@/server/data';
import { orNotFound } from '@/server/page-access';
import { requirePageUser } from '@/server/session';
import { courseSlugSchema, recordIdSchema } from '@/server/validation';
import './courses.css';
import './leaderboard.css';

export async function LeaderboardScreen({ slug, assignmentId }: { slug: string; assignmentId: string | null }) {
  const path = `/courses/${encodeURIComponent(slug)}${assignmentId !== null ? `/assignments/${encodeURIComponent(assignmentId)}` : ''}/leaderboard`;
  const user = await requirePageUser(path);
  if (!courseSlugSchema.safeParse(slug).success || (assignmentId !== null && !recordIdSchema.safeParse(assignmentId).success)) notFound();
  const course = await orNotFound(courses.overview(user, slug));
  // The assignment (404 when it is not this course's), for its title even when the board is hidden.
  const assignment = assignmentId !== null ? await orNotFound(courses.assignment(user, course.slug, assignmentId)) : null;
  const board = await orNotFound(leaderboards.board(user, course.slug, assignmentId ?? undefined));
  const initial: BoardState = board.state === 'hidden' ? { kind: 'hidden', message: hiddenBoardMessage(board.course.title) } : { kind: 'shown', board: (({ state: _s, ...b }) => b)(board) };
  const assignments = assignmentId === null ? await courses.assignments(user, course.slug) : [];
  return (
    <div className="page courses" data-testid="leaderboard-page" data-scope={assignmentId === null ? 'course' : 'assignment'}>
      <div className="page__intro">
        <p className="muted small">
          <Link href="/courses">My courses</Link> / <Link href={`/courses/${course.slug}`}>{course.title}</Link>
          {assignmentId !== null && (
            <>
              {' '}
              / <Link href={`/courses/${course.slug}/assignments/${assignmentId}`}>{assignment?.exercise.title}</Link>
            </>
          )}
        </p>
        <h1>{assignment === null ? `Leaderboard: ${course.title}` : `Leaderboard: ${assignment.exercise.title}`}</h1>
      </div>
      <section className="card course-section" aria-label="Leaderboard">
        <LiveLeaderboard slug={course.slug} assignmentId={assignmentId} initial={initial} canManage={course.canManage} />
      </section>
      {assignments.length > 0 && (
        <nav className="card course-section" aria-label="Assignment leaderboards">
          <h2>Each assignment&apos;s leaderboard</h2>
          <ul>
            {assignments.map((a) => (
              <li key={a.id}>
                <Link href={`/courses/${course.slug}/assignments/${a.id}/leaderboard`}>{a.exercise.title}</Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {assignmentId !== null && (
        <p>
          <Link href={`/courses/${course.slug}/leaderboard`}>The whole course&apos;s leaderboard</Link>
        </p>
      )}
    </div>
  );
}
