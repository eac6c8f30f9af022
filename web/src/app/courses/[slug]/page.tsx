import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { STATE_LABELS } from '@/components/courses/AssignmentBanner';
import {
  AddMemberForm,
  CreateAssignmentForm,
  DeleteCourseButton,
  RemoveMemberButton,
  ResetLinkButton,
  RotateJoinCodeButton,
} from '@/components/courses/CourseForms';
import { LocalTime } from '@/components/LocalTime';
import { attemptsText } from '@/lib/assignment-text';
import { formatPercent } from '@/lib/format';
import { catalogue, courses, type AssignmentView, type CourseOverview, type PublicUser } from '@/server/data';
import { orNotFound } from '@/server/page-access';
import { requirePageUser } from '@/server/session';
import { courseSlugSchema } from '@/server/validation';
import '../courses.css';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Course' };

const ROLE_LABELS = { STUDENT: 'Student', TA: 'Teaching assistant', INSTRUCTOR: 'Instructor', ADMIN: 'Administrator' } as const;

type Params = Promise<{ slug: string }>;

export default async function CoursePage({ params }: { params: Params }) {
  const { slug } = await params;
  const user = await requirePageUser(`/courses/${encodeURIComponent(slug)}`);
  const parsed = courseSlugSchema.safeParse(slug);
  if (!parsed.success) notFound();
  const course = await orNotFound(courses.overview(user, parsed.data));
  const assignments = await courses.assignments(user, course.slug);
  return (
    <div className="page courses" data-testid="course-page" data-standing={course.standing}>
      <div className="page__intro">
        <p className="muted small">
          <Link href="/courses">My courses</Link> / {ROLE_LABELS[course.standing]}
        </p>
        <h1>{course.title}</h1>
        {course.description && <p className="lead">{course.description}</p>}
      </div>
      <AssignmentsSection course={course} assignments={assignments} />
      {course.canViewStaff && <StaffSections course={course} user={user} />}
    </div>
  );
}

function AssignmentsSection({ course, assignments }: { course: CourseOverview; assignments: AssignmentView[] }) {
  return (
    <section className="card course-section" aria-labelledby="assignments-title">
      <h2 id="assignments-title">Assignments</h2>
      <p className="small">
        <Link href={`/courses/${course.slug}/leaderboard`} data-testid="course-leaderboard-link">
          Course leaderboard
        </Link>
        <span className="muted"> · each assignment has its own, linked below</span>
      </p>
      {assignments.length === 0 ? (
        <p className="muted">No assignments yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Exercise</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
                {course.enrolled && <th scope="col">Attempts</th>}
                {course.enrolled && (
                  <th scope="col" className="num">
                    Your score
                  </th>
                )}
                <th scope="col">
                  <span className="visually-hidden">Leaderboard</span>
                </th>
                {course.canViewStaff && (
                  <th scope="col">
                    <span className="visually-hidden">Staff</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {assignments.map((a) => (
                <tr key={a.id} data-testid="assignment-row" data-assignment-id={a.id} data-exercise-slug={a.exercise.slug}>
                  <td>
                    <Link href={`/courses/${course.slug}/assignments/${a.id}`}>{a.exercise.title}</Link>
                  </td>
                  <td>{a.dueAt ? <LocalTime iso={a.dueAt} /> : '—'}</td>
                  <td>
                    <span className={`state-pill state-pill--${a.state.toLowerCase()}`}>{STATE_LABELS[a.state]}</span>
                  </td>
                  {a.standing && <td>{attemptsText(a.standing.attemptsUsed, a.maxSubmissions)}</td>}
                  {a.standing && (
                    <td className="num" data-testid="my-score">
                      {formatPercent(a.standing.counted.score)}
                    </td>
                  )}
                  <td>
                    <Link href={`/courses/${course.slug}/assignments/${a.id}/leaderboard`} aria-label={`Leaderboard of ${a.exercise.title}`}>
                      Leaderboard
                    </Link>
                  </td>
                  {course.canViewStaff && (
                    <td>
                      <Link href={`/courses/${course.slug}/assignments/${a.id}/dashboard`}>Dashboard</Link>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

async function StaffSections({ course, user }: { course: CourseOverview; user: PublicUser }) {
  const [book, roster, exercises] = await Promise.all([courses.gradebook(user, course.slug), courses.roster(user, course.slug), course.canManage ? catalogue() : []]);
  return (
    <>
      <section className="card course-section" aria-labelledby="join-code-title">
        <h2 id="join-code-title">Join code</h2>
        <p>
          <span className="join-code" data-testid="join-code">
            {course.joinCode}
          </span>
          {course.canManage && <RotateJoinCodeButton slug={course.slug} />}
        </p>
        <p className="muted small">Students join at /courses with this code. A new code stops the old one at once.</p>
      </section>

      <section className="card course-section" aria-labelledby="scores-title">
        <h2 id="scores-title">Scores</h2>
        <p className="muted small">
          The score each student&apos;s course counts: best on time, late work reduced by the late policy, only the first attempts up to the cap.{' '}
          <a href={`/api/courses/${course.slug}/gradebook.csv`} download>
            Download the gradebook (CSV)
          </a>
        </p>
        {book.rows.length === 0 ? (
          <p className="muted">No students yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table" data-testid="scores-table">
              <thead>
                <tr>
                  <th scope="col">Student</th>
                  {book.columns.map((c) => (
                    <th key={c.assignmentId} scope="col" className="num">
                      {c.exerciseTitle}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {book.rows.map((r) => (
                  <tr key={r.userId} data-testid="score-row" data-student-email={r.email}>
                    <th scope="row">
                      {r.displayName} <span className="muted small">{r.email}</span>
                    </th>
                    {book.columns.map((c) => {
                      const s = r.scores[c.assignmentId]!;
                      return (
                        <td key={c.assignmentId} className="num" data-testid="score-cell" data-exercise-slug={c.exerciseSlug}>
                          {formatPercent(s.score)}
                          {s.late && <span className="muted small"> late</span>}
                          <span className="muted small"> · {s.attemptsUsed} att.</span>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card course-section" aria-labelledby="roster-title">
        <h2 id="roster-title">People</h2>
        <div className="table-scroll">
          <table className="data-table" data-testid="roster">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Joined</th>
                {course.canManage && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {roster.map((m) => (
                <tr key={m.userId} data-testid="roster-row" data-member-email={m.email} data-role={m.role}>
                  <td>{m.displayName}</td>
                  <td>{m.email}</td>
                  <td>
                    {ROLE_LABELS[m.role]}
                    {m.isOwner && <span className="muted small"> (owner)</span>}
                  </td>
                  <td>
                    <LocalTime iso={m.joinedAt} />
                  </td>
                  {course.canManage && (
                    <td>
                      {m.role === 'STUDENT' && <ResetLinkButton slug={course.slug} userId={m.userId} />}
                      {!m.isOwner && <RemoveMemberButton slug={course.slug} userId={m.userId} name={m.displayName} />}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {course.canManage && (
          <>
            <h3>Add a co-instructor or teaching assistant</h3>
            <p className="muted small">They need an account first. Teaching assistants see the roster, scores and submissions but change nothing.</p>
            <AddMemberForm slug={course.slug} />
          </>
        )}
      </section>

      {course.canManage && (
        <section className="card course-section" aria-labelledby="new-assignment-title">
          <h2 id="new-assignment-title">New assignment</h2>
          <CreateAssignmentForm slug={course.slug} exercises={exercises.map((e) => ({ slug: e.slug, title: e.title }))} />
        </section>
      )}

      {course.canManage && (
        <section className="card course-section danger-zone" aria-labelledby="danger-title">
          <h2 id="danger-title">Delete the course</h2>
          <DeleteCourseButton slug={course.slug} title={course.title} />
        </section>
      )}
    </>
  );
}
