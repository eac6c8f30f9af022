'use client';
// The exercise list: search, difficulty and concept filters (kept in the address, ?q=&difficulty=&concept=,
// so a filtered list can be shared and bookmarked) and, for a signed-in learner, their progress on
// each exercise. On a narrow screen the filters fold away behind a button.
import Link from 'next/link';
import { useEffect, useId, useMemo, useState } from 'react';
import { catalogueQueryString, DIFFICULTIES, EMPTY_QUERY, filterExercises, SEARCH_MAX_CHARS, type CatalogueQuery } from '@/lib/catalogue-filter';
import { pointsLabel, progressText } from '@/lib/format';
import type { ExerciseProgressJson, ExerciseSummaryJson } from '@/lib/wire';

export interface CatalogueProps {
  exercises: ExerciseSummaryJson[];
  /** The filters the address asked for (already validated by the page). */
  initialQuery: CatalogueQuery;
  /** The signed-in learner's progress by exercise slug; undefined for a visitor. */
  progress?: Record<string, ExerciseProgressJson>;
}

export function Catalogue({ exercises, initialQuery, progress }: CatalogueProps) {
  const id = useId();
  const [query, setQuery] = useState<CatalogueQuery>(initialQuery);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const concepts = useMemo(() => [...new Set(exercises.flatMap((e) => e.concepts))].sort(), [exercises]);
  const shown = useMemo(() => filterExercises(exercises, query), [exercises, query]);
  const active = (query.difficulty ? 1 : 0) + (query.concept ? 1 : 0);

  // The address follows the filters without a navigation (no server round trip, the search box keeps focus).
  useEffect(() => {
    const url = `${window.location.pathname}${catalogueQueryString(query)}${window.location.hash}`;
    if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) window.history.replaceState(window.history.state, '', url);
  }, [query]);

  if (exercises.length === 0) {
    return <p className="empty">No exercises are published yet.</p>;
  }

  const update = (patch: Partial<CatalogueQuery>) => setQuery((q) => ({ ...q, ...patch }));

  return (
    <section aria-label="Exercise catalogue" className="catalogue-section">
      <div className="catalogue-filters" data-open={String(filtersOpen)}>
        <div className="catalogue-filters__search">
          <label htmlFor={`${id}-q`} className="filters__label">
            Search
          </label>
          <input
            id={`${id}-q`}
            type="search"
            className="search-input"
            placeholder="convolution, RNN, equivariance…"
            value={query.q}
            maxLength={SEARCH_MAX_CHARS}
            onChange={(e) => update({ q: e.target.value.slice(0, SEARCH_MAX_CHARS) })}
            data-testid="catalogue-search"
          />
          <button
            type="button"
            className="button button--small catalogue-filters__toggle"
            aria-expanded={filtersOpen}
            aria-controls={`${id}-filters`}
            onClick={() => setFiltersOpen((o) => !o)}
            data-testid="filters-toggle"
          >
            Filters{active > 0 ? ` (${active})` : ''}
          </button>
        </div>
        <div className="catalogue-filters__panel" id={`${id}-filters`} data-testid="filters-panel">
          <div className="filters" role="group" aria-label="Filter by difficulty">
            <span className="filters__label" aria-hidden="true">
              Difficulty:
            </span>
            <button type="button" className="chip" aria-pressed={query.difficulty === null} onClick={() => update({ difficulty: null })}>
              Any
            </button>
            {DIFFICULTIES.map((d) => (
              <button key={d} type="button" className="chip" aria-pressed={query.difficulty === d} data-difficulty={d} onClick={() => update({ difficulty: query.difficulty === d ? null : d })}>
                {d}
              </button>
            ))}
          </div>
          {concepts.length > 0 && (
            <div className="filters" role="group" aria-label="Filter by concept">
              <span className="filters__label" aria-hidden="true">
                Concept:
              </span>
              <button type="button" className="chip" aria-pressed={query.concept === null} onClick={() => update({ concept: null })}>
                All
              </button>
              {concepts.map((c) => (
                <button key={c} type="button" className="chip" aria-pressed={query.concept === c} data-concept={c} onClick={() => update({ concept: query.concept === c ? null : c })}>
                  {c}
                </button>
              ))}
            </div>
          )}
        </div>
      </div>
      <p className="muted catalogue-count" aria-live="polite" data-testid="catalogue-count">
        {shown.length === exercises.length ? `${exercises.length} exercises` : `${shown.length} of ${exercises.length} exercises`}
        {(query.q || active > 0) && (
          <>
            {' · '}
            <button type="button" className="link-button" onClick={() => setQuery(EMPTY_QUERY)}>
              Clear search and filters
            </button>
          </>
        )}
      </p>
      {shown.length === 0 ? (
        <p className="empty">No exercise matches. Try fewer words, or clear the filters.</p>
      ) : (
        <ol className="catalogue">
          {shown.map((e) => {
            const p = progress?.[e.slug] ?? null;
            return (
              <li key={e.slug} className={`card exercise-card${p?.solved ? ' exercise-card--solved' : ''}`} data-testid="exercise-card" data-slug={e.slug}>
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
                {progress && (
                  <p className={`exercise-card__progress${p?.solved ? ' exercise-card__progress--solved' : ''}`} data-testid="card-progress" data-solved={String(p?.solved ?? false)}>
                    {p?.solved && (
                      <span className="solved-mark" aria-hidden="true">
                        ✓{' '}
                      </span>
                    )}
                    {progressText(p)}
                  </p>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
