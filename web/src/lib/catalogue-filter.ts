// The catalogue's search and filters, kept in the page address (?q=&difficulty=&concept=) so a
// filtered list can be bookmarked, shared and restored with Back. Whatever the address says is
// bounded and checked here before it filters anything; an unknown value is ignored, not an error.
import type { Difficulty, ExerciseSummaryJson } from './wire';

export const DIFFICULTIES: readonly Difficulty[] = ['intro', 'core', 'advanced'];
export const SEARCH_MAX_CHARS = 100;
const CONCEPT_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface CatalogueQuery {
  q: string;
  difficulty: Difficulty | null;
  concept: string | null;
}

export const EMPTY_QUERY: CatalogueQuery = { q: '', difficulty: null, concept: null };

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function first(params: Params, key: string): string | null {
  if (params instanceof URLSearchParams) return params.get(key);
  const v = params[key];
  return (Array.isArray(v) ? v[0] : v) ?? null;
}

export function parseCatalogueQuery(params: Params): CatalogueQuery {
  const q = (first(params, 'q') ?? '').replace(/\s+/g, ' ').trim().slice(0, SEARCH_MAX_CHARS);
  const d = first(params, 'difficulty');
  const c = first(params, 'concept');
  return {
    q,
    difficulty: d !== null && (DIFFICULTIES as readonly string[]).includes(d) ? (d as Difficulty) : null,
    concept: c !== null && c.length <= 60 && CONCEPT_RE.test(c) ? c : null,
  };
}

/** "?q=…&difficulty=…" (only what is set), or "" for the unfiltered list. */
export function catalogueQueryString(query: CatalogueQuery): string {
  const p = new URLSearchParams();
  if (query.q) p.set('q', query.q);
  if (query.difficulty) p.set('difficulty', query.difficulty);
  if (query.concept) p.set('concept', query.concept);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Every word of the search must appear in the title, the summary or a concept (any case). */
export function filterExercises(exercises: readonly ExerciseSummaryJson[], query: CatalogueQuery): ExerciseSummaryJson[] {
  const words = query.q.toLowerCase().split(' ').filter(Boolean);
  return exercises.filter((e) => {
    if (query.difficulty && e.difficulty !== query.difficulty) return false;
    if (query.concept && !e.concepts.includes(query.concept)) return false;
    if (words.length === 0) return true;
    const text = `${e.title} ${e.summary} ${e.concepts.join(' ')} ${e.concepts.join(' ').replace(/-/g, ' ')}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** Where a newcomer starts: the first exercise in catalogue order, preferring an introductory one. */
export function firstExercise(exercises: readonly ExerciseSummaryJson[]): ExerciseSummaryJson | null {
  const ordered = [...exercises].sort((a, b) => a.position - b.position || a.slug.localeCompare(b.slug));
  return ordered.find((e) => e.difficulty === 'intro') ?? ordered[0] ?? null;
}
