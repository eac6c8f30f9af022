import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { RegradeButton } from '@/components/courses/CourseForms';
import { LocalTime } from '@/components/LocalTime';
import { formatPercent, STATUS_LABELS } from '@/lib/format';
import type { SubmissionStatus } from '@/lib/wire';
import { courses } from '@/server/data';
import { orNotFound } from '@/server/page-access';
import { requirePageUser } from '@/server/session';
import { courseSlugSchema, recordIdSchema } from '@/server/validation';
import '../../../../courses.css';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Assignment dashboard' };

type Params = Promise<{ slug: string; id: string }>;

function Bar({ value, max, label }: { value: number; max: number; label: string }) {
  const pct = max > 0 ? Math.round((value / max) * 100) : 0;
  return (
    <span className="bar" role="img" aria-label={label}>
      <span className="bar__fill" style={{ width: `${pct}%` }} />
    </span>
  );
}

/** For course staff: how the students are doing on one assignment, and regrading it. */
export default async function AssignmentDashboardPage({ params }: { params: Params }) {
  const { slug, id } = await params;
  const user = await requirePageUser(`/courses/${encodeURIComponent(slug)}/assignments/${encodeURIComponent(id)}/dashboard`);
  if (!courseSlugSchema.safeParse(slug).success || !recordIdSchema.safeParse(id).success) notFound();
  const [course, d] = await Promise.all([orNotFound(courses.overview(user, slug)), orNotFound(courses.dashboard(user, slug, id))]);
  const biggestBin = Math.max(1, ...d.histogram.bins, d.histogram.noScore);
  return (
    <div className="page courses" data-testid="assignment-dashboard">
      <div className="page__intro">
        <p className="muted small">
          <Link href={`/courses/${course.slug}`}>{course.title}</Link> / dashboard
        </p>
        <h1>{d.assignment.exerciseTitle}</h1>
        <p className="muted">
          {d.assignment.dueAt ? (
            <>
              Due <LocalTime iso={d.assignment.dueAt} />
            </>
          ) : (
            'No deadline'
          )}
          {d.assignment.maxSubmissions !== null && ` · at most ${d.assignment.maxSubmissions} attempts`}
        </p>
      </div>

      <section className="card course-section" aria-labelledby="queue-title">
        <h2 id="queue-title">Queue</h2>
        <p data-testid="queue-state">
          {d.queue.queued} waiting ({d.queue.regradesWaiting} of them regrades) · {d.queue.running} being graded
        </p>
        {course.canManage && <RegradeButton slug={course.slug} assignmentId={d.assignment.id} />}
      </section>

      <section className="card course-section" aria-labelledby="hist-title">
        <h2 id="hist-title">Counted scores</h2>
        <table className="data-table histogram">
          <tbody>
            {d.histogram.bins.map((n, i) => (
              <tr key={i}>
                <th scope="row">{i === 9 ? '90–100 %' : `${i * 10}–${i * 10 + 9} %`}</th>
                <td className="num">{n}</td>
                <td>
                  <Bar value={n} max={biggestBin} label={`${n} students`} />
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row">nothing counted</th>
              <td className="num">{d.histogram.noScore}</td>
              <td>
                <Bar value={d.histogram.noScore} max={biggestBin} label={`${d.histogram.noScore} students`} />
              </td>
            </tr>
          </tbody>
        </table>
      </section>

      <section className="card course-section" aria-labelledby="checks-title">
        <h2 id="checks-title">Checks passed</h2>
        <p className="muted small">Over each student&apos;s latest graded submission.</p>
        {d.checks.length === 0 ? (
          <p className="muted">No graded submissions yet.</p>
        ) : (
          <table className="data-table">
            <tbody>
              {d.checks.map((c) => (
                <tr key={c.name} data-testid="check-rate" data-check-name={c.name}>
                  <th scope="row">{c.title}</th>
                  <td className="num">
                    {c.passed} / {c.total}
                  </td>
                  <td>
                    <Bar value={c.passed} max={c.total} label={`${c.passed} of ${c.total} passed`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card course-section" aria-labelledby="subs-title">
        <h2 id="subs-title">Students</h2>
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col" className="num">
                  Counted
                </th>
                <th scope="col" className="num">
                  Attempts
                </th>
                <th scope="col">Last submission</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Its score
                </th>
                {course.canManage && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {d.learners.map((l) => (
                <tr key={l.userId} data-testid="dashboard-row" data-student-email={l.email}>
                  <th scope="row">
                    {l.displayName} <span className="muted small">{l.email}</span>
                  </th>
                  <td className="num">
                    {formatPercent(l.counted.score)}
                    {l.counted.late && <span className="muted small"> late</span>}
                  </td>
                  <td className="num">{l.counted.attemptsUsed}</td>
                  <td>{l.last ? <LocalTime iso={l.last.createdAt} /> : '—'}</td>
                  <td>{l.last ? STATUS_LABELS[l.last.status as SubmissionStatus] ?? l.last.status : '—'}</td>
                  <td className="num">
                    {l.last?.regradedAt && <span className="muted small">was {formatPercent(l.last.previousScore)} → </span>}
                    {l.last ? formatPercent(l.last.score) : '—'}
                  </td>
                  {course.canManage && <td>{l.last && <RegradeButton slug={course.slug} assignmentId={d.assignment.id} submissionId={l.last.id} />}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
