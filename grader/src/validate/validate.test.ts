// Content is data, checked like code: every exercise's solution, starter and wrong/ files behave
// as exercise.json declares. Jest proves the model exercise (tied-conv2d) and that validation
// catches a mis-declared wrong file; `npm test` (and CI) then runs `grader validate` over every
// exercise, which would take minutes here. GRADER_VALIDATE_ALL=1 runs them all under jest too.
import path from 'node:path';
import { loadExercise, loadExerciseFolder, loadExercises, type ExerciseDefinition } from '@tyinglab/exercise-format';
import { validateAllInTests } from '../config';
import { mutationTest } from './mutation';
import { validateDefinitions, validateExercise } from './validate';

jest.setTimeout(180_000);

const defs = validateAllInTests() ? loadExercises() : [loadExercise('tied-conv2d')];

describe.each(defs.map((d) => [d.meta.slug, d] as const))('exercise %s', (_slug, def) => {
  it('solution = 1, starter < 1, each wrong/ file < 1 and failed by its named check, each right/ file = 1', async () => {
    const entries = await validateExercise(def);
    const bad = entries.filter((e) => !e.ok).map((e) => `${e.file}: expected ${e.expectation}, got ${e.problem}`);
    expect(bad).toEqual([]);
    expect(entries.length).toBe(2 + def.meta.wrong.length + (def.meta.right?.length ?? 0));
  });
});

describe('validateExercise catches content errors', () => {
  it('a wrong/ file that does not fail the check it names is a violation', async () => {
    const real = loadExercise('tied-conv2d');
    // flipped-kernel.ts has the right parameter count, so claiming param-count catches it is false.
    const def: ExerciseDefinition = {
      ...real,
      meta: { ...real.meta, right: [], wrong: [{ file: 'wrong/flipped-kernel.ts', failsCheck: 'param-count', mistake: 'mis-declared on purpose' }] },
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

// The mutation-testing rules, on the benchmark fixture (scale a vector by s) with a solution whose
// `s + 0` has one equivalent mutant: `s - 0`. The reference stays the fixture's solution.ts.
describe('mutation testing', () => {
  const trivial = loadExerciseFolder(path.join(__dirname, '..', 'bench', 'fixtures', 'trivial'));
  const SOURCE = `import * as tf from '@tensorflow/tfjs';

export function scale(x: tf.Tensor1D, s: number): tf.Tensor1D {
  return tf.mul(x, s + 0);
}
`;
  const EQUIVALENT = 'swap-op@4:20 s + 0';
  const withRecords = (mutants: ExerciseDefinition['meta']['mutants']): ExerciseDefinition => ({ ...trivial, meta: { ...trivial.meta, mutants } });

  it('kills the mutants the check can see, discards the ones that do not type-check, and fails on an unrecorded survivor', async () => {
    const r = await mutationTest(trivial, { source: SOURCE });
    // An internal error shows its message in a failure, not just "error".
    const verdicts = Object.fromEntries(r.results.map((m) => [m.mutant.id, m.verdict === 'error' ? m.detail : m.verdict]));
    expect(verdicts).toMatchObject({
      'fixed-size@4:20 s': 'killed', // s hard-coded to the public plan's value
      'drop-right@4:10 tf.mul(x, s + 0)': 'killed',
      'swap-op@4:10 tf.mul(x, s + 0)': 'killed',
      'const-plus1@4:24 0': 'killed',
      [EQUIVALENT]: 'survived',
    });
    // tf.mul(x, s + 0) -> (s + 0) returns a number where a Tensor1D is declared: never graded.
    expect(r.discarded).toBeGreaterThanOrEqual(1);
    expect(r.results.some((m) => m.mutant.id.startsWith('drop-left@'))).toBe(false);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([`mutant "${EQUIVALENT}" survives (+ -> -) and is not recorded in exercise.json "mutants"`]);
    expect(r.score).toBeCloseTo((r.graded - 1) / r.graded);
  });

  it('passes once the survivor is recorded as equivalent, which takes it out of the score', async () => {
    const r = await mutationTest(withRecords({ equivalent: [{ id: EQUIVALENT, reason: 's - 0 = s + 0' }] }), { source: SOURCE });
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect([r.equivalent, r.survived, r.score]).toEqual([1, 0, 1]);
  });

  it('counts a pending survivor against the score, and refuses records that no longer hold', async () => {
    const r = await mutationTest(
      withRecords({
        pending: [{ id: EQUIVALENT, why: 'recorded as a gap for this test' }],
        equivalent: [
          { id: 'swap-op@4:10 tf.mul(x, s + 0)', reason: 'mislabelled on purpose: it is killed' },
          { id: 'detach@9:9 gone', reason: 'names a mutant that does not exist' },
        ],
      }),
      { source: SOURCE },
    );
    expect(r.results.find((m) => m.mutant.id === EQUIVALENT)?.verdict).toBe('pending');
    expect([r.pending, r.survived, r.equivalent]).toEqual([1, 0, 0]);
    expect(r.score).toBeCloseTo(r.killed / (r.killed + 1));
    expect(r.problems).toEqual([
      expect.stringMatching(/^mutant "swap-op@4:10 tf\.mul\(x, s \+ 0\)" is recorded as equivalent but is killed \(score 0\.000, failed matches-reference\)/),
      expect.stringContaining('records "detach@9:9 gone", which is not among this run\'s mutants'),
    ]);
  });

  it('grades no mutant when the solution does not score 1 (every mutant would look killed)', async () => {
    // A 1 ms time limit: the solution itself runs out of time.
    const def: ExerciseDefinition = { ...trivial, meta: { ...trivial.meta, limits: { ...trivial.meta.limits, timeMs: 1 } } };
    const report = await validateDefinitions([def]);
    expect(report.entries[0]).toMatchObject({ file: 'solution.ts', ok: false });
    expect(report.mutation).toEqual([expect.objectContaining({ exercise: 'trivial', graded: 0, ok: false, notRun: 'solution.ts does not score 1 (see above)' })]);
    expect(report.ok).toBe(false);
  });

  it('a right/ file that does not score 1 is a violation', async () => {
    // The starter (score 0) declared as a correct alternative.
    const def: ExerciseDefinition = { ...trivial, meta: { ...trivial.meta, right: [{ file: 'starter.ts', approach: 'mis-declared on purpose' }] } };
    const entries = await validateExercise(def, 'validate-negative');
    expect(entries.map((e) => [e.file, e.expectation, e.ok])).toEqual([
      ['solution.ts', 'scores exactly 1, in the browser too', true],
      ['starter.ts', 'scores exactly 1, in the browser too', false],
      ['starter.ts', 'compiles and scores < 1', true],
    ]);
    expect(entries[1]!.problem).toBe('score 0.000 (failed: matches-reference)');
  });
});
