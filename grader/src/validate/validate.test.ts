// Content is data, checked like code: every exercise's solution, starter and wrong/ files behave
// as exercise.json declares. Jest proves the model exercise (tied-conv2d) and that validation
// catches a mis-declared wrong file; `npm test` (and CI) then runs `grader validate` over every
// exercise, which would take minutes here. GRADER_VALIDATE_ALL=1 runs them all under jest too.
import { loadExercise, loadExercises, type ExerciseDefinition } from '@tyinglab/exercise-format';
import { validateAllInTests } from '../config';
import { validateExercise } from './validate';

jest.setTimeout(180_000);

const defs = validateAllInTests() ? loadExercises() : [loadExercise('tied-conv2d')];

describe.each(defs.map((d) => [d.meta.slug, d] as const))('exercise %s', (_slug, def) => {
  it('solution = 1, starter < 1, each wrong/ file < 1 and failed by its named check', async () => {
    const entries = await validateExercise(def);
    const bad = entries.filter((e) => !e.ok).map((e) => `${e.file}: expected ${e.expectation}, got ${e.problem}`);
    expect(bad).toEqual([]);
    expect(entries.length).toBe(2 + def.meta.wrong.length);
  });
});

describe('validateExercise catches content errors', () => {
  it('a wrong/ file that does not fail the check it names is a violation', async () => {
    const real = loadExercise('tied-conv2d');
    // flipped-kernel.ts has the right parameter count, so claiming param-count catches it is false.
    const def: ExerciseDefinition = {
      ...real,
      meta: { ...real.meta, wrong: [{ file: 'wrong/flipped-kernel.ts', failsCheck: 'param-count', mistake: 'mis-declared on purpose' }] },
    };
    const entries = await validateExercise(def, 'validate-negative');
    expect(entries.map((e) => [e.file, e.ok])).toEqual([
      ['solution.ts', true],
      ['starter.ts', true],
      ['wrong/flipped-kernel.ts', false],
    ]);
    expect(entries[2]!.problem).toMatch(/^score 0\.\d+ \(failed: matches-reference/);
  });
});
