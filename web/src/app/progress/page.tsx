import type { Metadata } from 'next';
import Link from 'next/link';
import { STATE_LABELS } from '@/components/courses/AssignmentBanner';
import { LocalTime } from '@/components/LocalTime';
import { attemptsText } from '@/lib/assignment-text';
import { attemptsLabel, formatPercent } from '@/lib/format';
import { catalogue, learnerOverview } from '@/server/data';
import { requirePageUser } from '@/server/session';
import '../courses/courses.css';

export const metadata: Metadata = { title: 'My progress' };
export const dynamic = 'force-dynamic';

/** The signed-in learner's own overview: every exercise with their best score and attempts, and their course assignments. */
export default async function ProgressPage() {
  const user = await requirePageUser('/progress');
  const [exercises, overview] = await Promise.all([catalogue(), learnerOverview(user)]);
  const bySlug = new Map(overview.exercises.map((p) => [p.exerciseSlug, p]));
  const solved = overview.exercises.filter((p) => p.solved).length;
  const attempts = overview.exercises.reduce((n, p) => n + p.attempts, 0);
  return (
    <div className="page progress-page" data-testid="progress-page">
      <div className="page__intro">
        <h1>My progress</h1>
        <p className="lead" data-testid="progress-summary">
          Solved {solved} of {exercises.length} exercises · {attemptsLabel(attempts)} in all.
        </p>
        <p className="muted small">
          An attempt is a submission that was graded (or is being graded); code that could not be graded never uses one up. An exercise is solved at 100%.
        </p>
      </div>

      <section className="card course-section" aria-labelledby="progress-exercises-title">
        <h2 id="progress-exercises-title">Exercises</h2>
        <div className="scroll-x" tabIndex={0} role="region" aria-label="Exercises and your progress (scrolls sideways)">
          <table className="data-table" data-testid="progress-table">
            <thead>
              <tr>
                <th scope="col">Exercise</th>
                <th scope="col">Difficulty</th>
                <th scope="col">Progress</th>
                <th scope="col" className="num">
                  Best score
                </th>
                <th scope="col" className="num">
                  Attempts
                </th>
                <th scope="col">Last submitted</th>
              </tr>
            </thead>
            <tbody>
              {exercises.map((e) => {
                const p = bySlug.get(e.slug) ?? null;
                return (
                  <tr key={e.slug} data-testid="progress-row" data-slug={e.slug} data-solved={String(p?.solved ?? false)}>
                    <th scope="row">
                      <Link href={`/exercises/${e.slug}`}>{e.title}</Link>
                    </th>
                    <td>
                      <span className={`badge badge--${e.difficulty}`}>{e.difficulty}</span>
                    </td>
                    <td className={p?.solved ? 'progress-solved' : undefined} data-testid="progress-state">
                      {p?.solved && <span aria-hidden="true">✓ </span>}
                      {/* The best score has its own column: here only where the learner stands. */}
                      {p?.solved ? 'Solved' : p ? 'Started' : 'Not started'}
                    </td>
                    <td className="num" data-testid="progress-best">
                      {formatPercent(p?.bestScore ?? null)}
                    </td>
                    <td className="num" data-testid="progress-attempts">
                      {p?.attempts ?? 0}
                    </td>
                    <td>{p ? <LocalTime iso={p.lastSubmittedAt} /> : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card course-section" aria-labelledby="progress-courses-title">
        <h2 id="progress-courses-title">Course assignments</h2>
        {overview.courses.length === 0 ? (
          <p className="muted">
            You are not a student in any course. Join one with its code at <Link href="/courses">My courses</Link>.
          </p>
        ) : (
          overview.courses.map((c) => (
            <div key={c.slug} className="progress-course" data-testid="progress-course" data-course-slug={c.slug}>
              <h3>
                <Link href={`/courses/${c.slug}`}>{c.title}</Link>
              </h3>
              {c.assignments.length === 0 ? (
                <p className="muted">No assignments yet.</p>
              ) : (
                <div className="scroll-x" tabIndex={0} role="region" aria-label={`Assignments of ${c.title} (scrolls sideways)`}>
                  <table className="data-table">
                    <thead>
                      <tr>
                        <th scope="col">Exercise</th>
                        <th scope="col">Due</th>
                        <th scope="col">Status</th>
                        <th scope="col">Attempts</th>
                        <th scope="col" className="num">
                          Counted score
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.assignments.map((a) => (
                        <tr key={a.id} data-testid="progress-assignment" data-assignment-id={a.id}>
                          <th scope="row">
                            <Link href={`/courses/${c.slug}/assignments/${a.id}`}>{a.exercise.title}</Link>
                          </th>
                          <td>{a.dueAt ? <LocalTime iso={a.dueAt} /> : 'No deadline'}</td>
                          <td>
                            <span className={`state-pill state-pill--${a.state.toLowerCase()}`}>{STATE_LABELS[a.state]}</span>
                          </td>
                          <td>{a.standing ? attemptsText(a.standing.attemptsUsed, a.maxSubmissions) : '—'}</td>
                          <td className="num" data-testid="progress-counted">
                            {formatPercent(a.standing?.counted.score ?? null)}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          ))
        )}
      </section>
    </div>
  );
}
