import { catalogueQueryString, filterExercises, firstExercise, parseCatalogueQuery, SEARCH_MAX_CHARS } from './catalogue-filter';
import type { ExerciseSummaryJson } from './wire';

const ex = (slug: string, difficulty: string, concepts: string[], position: number, title = slug, summary = ''): ExerciseSummaryJson => ({
  slug,
  title,
  summary,
  difficulty,
  concepts,
  points: 10,
  position,
});

const ALL = [
  ex('rnn', 'core', ['recurrent-network', 'weight-sharing'], 6, 'Tied RNN', 'Backprop through time'),
  ex('conv', 'intro', ['convolution', 'weight-sharing'], 1, 'Tied convolution', 'One kernel everywhere'),
  ex('p4', 'advanced', ['group-equivariance'], 9, 'P4 group convolution', 'Rotations'),
];

describe('parseCatalogueQuery', () => {
  it('reads what the address says, tidied', () => {
    expect(parseCatalogueQuery(new URLSearchParams('q=%20tied%20%20conv%20&difficulty=intro&concept=weight-sharing'))).toEqual({
      q: 'tied conv',
      difficulty: 'intro',
      concept: 'weight-sharing',
    });
    expect(parseCatalogueQuery({ q: ['first', 'second'], difficulty: 'core' })).toEqual({ q: 'first', difficulty: 'core', concept: null });
  });

  it('ignores unknown or malformed values and bounds the search', () => {
    expect(parseCatalogueQuery(new URLSearchParams('difficulty=expert&concept=<script>'))).toEqual({ q: '', difficulty: null, concept: null });
    expect(parseCatalogueQuery({ q: 'x'.repeat(5000) }).q).toHaveLength(SEARCH_MAX_CHARS);
    expect(parseCatalogueQuery({ concept: 'a'.repeat(61) }).concept).toBeNull();
  });

  it('round-trips through the query string, leaving out what is unset', () => {
    const query = { q: 'tied & shared', difficulty: 'advanced' as const, concept: null };
    expect(catalogueQueryString(query)).toBe('?q=tied+%26+shared&difficulty=advanced');
    expect(parseCatalogueQuery(new URLSearchParams(catalogueQueryString(query).slice(1)))).toEqual(query);
    expect(catalogueQueryString({ q: '', difficulty: null, concept: null })).toBe('');
  });
});

describe('filterExercises', () => {
  const slugs = (q: Parameters<typeof filterExercises>[1]) => filterExercises(ALL, q).map((e) => e.slug);

  it('matches every word against title, summary and concepts, in any case', () => {
    expect(slugs({ q: 'TIED', difficulty: null, concept: null })).toEqual(['rnn', 'conv']);
    expect(slugs({ q: 'tied time', difficulty: null, concept: null })).toEqual(['rnn']);
    expect(slugs({ q: 'weight sharing', difficulty: null, concept: null })).toEqual(['rnn', 'conv']);
    expect(slugs({ q: 'nothing like this', difficulty: null, concept: null })).toEqual([]);
  });

  it('combines the search with difficulty and concept', () => {
    expect(slugs({ q: '', difficulty: 'intro', concept: null })).toEqual(['conv']);
    expect(slugs({ q: '', difficulty: null, concept: 'weight-sharing' })).toEqual(['rnn', 'conv']);
    expect(slugs({ q: 'convolution', difficulty: 'advanced', concept: null })).toEqual(['p4']);
    expect(slugs({ q: '', difficulty: 'core', concept: 'group-equivariance' })).toEqual([]);
  });
});

describe('firstExercise', () => {
  it('is the first introductory exercise in catalogue order', () => {
    expect(firstExercise(ALL)?.slug).toBe('conv');
    expect(firstExercise(ALL.filter((e) => e.difficulty !== 'intro'))?.slug).toBe('rnn');
    expect(firstExercise([])).toBeNull();
  });
});
