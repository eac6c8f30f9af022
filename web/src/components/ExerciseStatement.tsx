// The left column of an exercise: title, badges, the learner's progress, the statement and the list
// of checks with their points. Shared by the exercise page and a course assignment's page (which
// adds its banner above).
import Link from 'next/link';
import type { ReactNode } from 'react';
import { pointsLabel, progressText } from '@/lib/format';
import { withoutLeadingTitle } from '@/lib/statement';
import type { ExerciseProgressJson } from '@/lib/wire';
import type { ExerciseDetailJson } from '@/server/data';
import { Markdown } from './Markdown';

export interface ExerciseStatementProps {
  exercise: ExerciseDetailJson;
  banner?: ReactNode;
  /** The signed-in learner's progress (null: not started); undefined for a visitor who is not signed in. */
  progress?: ExerciseProgressJson | null;
}

export function ExerciseStatement({ exercise, banner, progress }: ExerciseStatementProps) {
  const signedIn = progress !== undefined;
  const next = `/exercises/${exercise.slug}`;
  return (
    // On wide screens this column scrolls on its own: focusable so the keyboard can scroll it too.
    <article className="exercise__statement" aria-labelledby="exercise-title" tabIndex={0} data-testid="statement">
      {banner}
      <header className="exercise__header">
        <h1 id="exercise-title">{exercise.title}</h1>
        <div className="exercise-card__meta">
          <span className={`badge badge--${exercise.difficulty}`}>{exercise.difficulty}</span>
          <span className="points">{pointsLabel(exercise.points)}</span>
          <ul className="tags" aria-label="Concepts">
            {exercise.concepts.map((c) => (
              <li key={c} className="tag">
                {c}
              </li>
            ))}
          </ul>
        </div>
        {signedIn ? (
          <p className={`exercise-progress${progress?.solved ? ' exercise-progress--solved' : ''}`} data-testid="exercise-progress" data-solved={String(progress?.solved ?? false)}>
            {progress?.solved && (
              <span className="solved-mark" aria-hidden="true">
                ✓{' '}
              </span>
            )}
            {progressText(progress)}
          </p>
        ) : (
          <p className="alert alert--info" data-testid="guest-note">
            You are reading as a guest. <Link href={`/signin?next=${encodeURIComponent(next)}`}>Sign in</Link> or{' '}
            <Link href="/signup">create an account</Link> to submit your code and keep your work.
          </p>
        )}
      </header>
      <Markdown source={withoutLeadingTitle(exercise.statement, exercise.title)} />
      {exercise.checks.length > 0 && (
        <section className="checks-info" aria-labelledby="checks-title">
          {/* Not "How it is graded": every statement has a section of that name already. */}
          <h2 id="checks-title">Checks and points</h2>
          <ul>
            {exercise.checks.map((c) => (
              <li key={c.name}>
                <span>{c.title}</span>
                <span className="muted">
                  {pointsLabel(c.points)} · {c.visibility === 'hidden' ? 'hidden' : 'visible'}
                </span>
              </li>
            ))}
          </ul>
          <p className="muted small">
            Visible checks also run in your browser: <strong>Run visible checks</strong> tries them on public inputs in a moment, without
            grading. Hidden checks run only on the grader. Submitting runs every check on fresh inputs for your score.
          </p>
          {exercise.limits && (
            <p className="muted small">
              Limits: {Math.round(exercise.limits.timeMs / 100) / 10} s, {exercise.limits.memoryMb} MB.
            </p>
          )}
        </section>
      )}
    </article>
  );
}
