'use client';
// The exercise list with client-side filtering by concept tag.
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { pointsLabel } from '@/lib/format';
import type { ExerciseSummaryJson } from '@/lib/wire';

export function Catalogue({ exercises }: { exercises: ExerciseSummaryJson[] }) {
  const [concept, setConcept] = useState<string | null>(null);
  const concepts = useMemo(() => [...new Set(exercises.flatMap((e) => e.concepts))].sort(), [exercises]);
  const shown = concept ? exercises.filter((e) => e.concepts.includes(concept)) : exercises;

  if (exercises.length === 0) {
    return <p className="empty">No exercises are published yet.</p>;
  }

  return (
    <section aria-label="Exercise catalogue">
      {concepts.length > 0 && (
        <div className="filters" role="group" aria-label="Filter by concept">
          <span className="filters__label">Concept:</span>
          <button type="button" className="chip" aria-pressed={concept === null} onClick={() => setConcept(null)}>
            All
          </button>
          {concepts.map((c) => (
            <button key={c} type="button" className="chip" aria-pressed={concept === c} data-concept={c} onClick={() => setConcept(concept === c ? null : c)}>
              {c}
            </button>
          ))}
        </div>
      )}
      <p className="muted" aria-live="polite" data-testid="catalogue-count">
        {shown.length === exercises.length ? `${exercises.length} exercises` : `${shown.length} of ${exercises.length} exercises`}
      </p>
      <ol className="catalogue">
        {shown.map((e) => (
          <li key={e.slug} className="card exercise-card" data-testid="exercise-card" data-slug={e.slug}>
            <div className="exercise-card__head">
              <h2>
                <Link href={`/exercises/${e.slug}`}>{e.title}</Link>
              </h2>
              <span className="points" title="Maximum points">
                {pointsLabel(e.points)}
              </span>
            </div>
            <p>{e.summary}</p>
            <div className="exercise-card__meta">
              <span className={`badge badge--${e.difficulty}`}>{e.difficulty}</span>
              <ul className="tags" aria-label="Concepts">
                {e.concepts.map((c) => (
                  <li key={c} className="tag">
                    {c}
                  </li>
                ))}
              </ul>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
