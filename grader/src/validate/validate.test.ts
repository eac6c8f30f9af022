// Content is data, checked like code: every exercise's solution, starter and wrong/ files behave
// as exercise.json declares.
import { loadExercises } from '@tyinglab/exercises';
import { validateExercise } from './validate';

jest.setTimeout(120_000);

describe.each(loadExercises().map((d) => [d.meta.slug, d] as const))('exercise %s', (_slug, def) => {
  it('solution = 1, starter < 1, each wrong/ file < 1 and failed by its named check', async () => {
    const entries = await validateExercise(def);
    const bad = entries.filter((e) => !e.ok).map((e) => `${e.file}: expected ${e.expectation}, got ${e.problem}`);
    expect(bad).toEqual([]);
    expect(entries.length).toBe(2 + def.meta.wrong.length);
  });
});
