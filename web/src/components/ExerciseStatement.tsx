// The left column of an exercise: title, badges, statement and how it is graded. Shared by the
// exercise page and a course assignment's page (which adds its banner above).
import type { ReactNode } from 'react';
import { pointsLabel } from '@/lib/format';
import { withoutLeadingTitle } from '@/lib/statement';
import type { ExerciseDetailJson } from '@/server/data';
import { Markdown } from './Markdown';

export function ExerciseStatement({ exercise, banner }: { exercise: ExerciseDetailJson; banner?: ReactNode }) {
  return (
    <article className="exercise__statement" aria-labelledby="exercise-title">
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
      </header>
      <Markdown source={withoutLeadingTitle(exercise.statement, exercise.title)} />
      {exercise.checks.length > 0 && (
        <section className="checks-info" aria-labelledby="checks-title">
          <h2 id="checks-title">How it is graded</h2>
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
