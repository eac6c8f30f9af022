// The leaderboard metric comes from the trusted check's own measurement, only when that check passed
// in full, and nothing the learner's code prints or returns changes it (real sandbox children).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CheckResult } from '@tyinglab/contract';
import { loadExercise, type ExerciseMeta } from '@tyinglab/exercise-format';
import type { ExerciseChecks } from '../checks/types';
import { gradeSubmission, type GradeOutcome } from './grade-submission';
import { captureLeaderboardMetric } from './leaderboard-metric';
import { runChecks } from './run-checks';

jest.setTimeout(120_000);

const meta = (metric?: ExerciseMeta['leaderboardMetric']): ExerciseMeta => ({
  slug: 'demo',
  title: 'Demo',
  summary: 's',
  difficulty: 'intro',
  concepts: ['c'],
  position: 1,
  points: 2,
  limits: { timeMs: 1000, memoryMb: 128 },
  tolerance: { atol: 1e-4, rtol: 1e-3 },
  checks: [
    { name: 'measured', title: 'Measured', visibility: 'hidden', points: 1 },
    { name: 'other', title: 'Other', visibility: 'visible', points: 1 },
  ],
  wrong: [],
  ...(metric ? { leaderboardMetric: metric } : {}),
});
const declared = { kind: 'relative-error', check: 'measured', unit: 'relative error', better: 'lower', explanation: 'e', rationale: 'r' } as const;

describe('captureLeaderboardMetric', () => {
  const run = (m: ExerciseMeta, checks: ExerciseChecks<unknown>, learner: Record<string, unknown> = { a: 1 }) => {
    const measured = captureLeaderboardMetric(m, checks);
    const answers = Object.fromEntries(Object.entries(learner).map(([k, v]) => [k, { ok: true as const, value: v, ms: 1 }]));
    const results: CheckResult[] = runChecks(m, measured.checks, {}, answers, { a: { ok: true, value: 1, ms: 1 } });
    return measured.metricFor(results);
  };
  const checks = (measured: ExerciseChecks<unknown>['checks'][string]): ExerciseChecks<unknown> => ({
    makePlan: () => ({}),
    checks: { measured, other: () => ({ passed: true, message: 'ok', metrics: { 'relative-error': 0 } }) },
  });

  it("keeps the declared check's measurement of the declared kind, only when that check passed in full", () => {
    expect(run(meta(declared), checks(() => ({ passed: true, message: 'ok', metrics: { 'relative-error': 2e-7, 'trainable-parameters': 9 } })))).toEqual({ kind: 'relative-error', value: 2e-7 });
    expect(run(meta({ ...declared, kind: 'trainable-parameters', unit: 'parameters' }), checks(() => ({ passed: true, message: 'ok', metrics: { 'relative-error': 2e-7, 'trainable-parameters': 9 } })))).toEqual({
      kind: 'trainable-parameters',
      value: 9,
    });
    // Another check's measurement never counts; no declaration, no metric.
    expect(run(meta(declared), checks(() => ({ passed: true, message: 'ok' })))).toBeNull();
    expect(run(meta(), checks(() => ({ passed: true, message: 'ok', metrics: { 'relative-error': 2e-7 } })))).toBeNull();
    // Failed, or passed in part: none.
    expect(run(meta(declared), checks(() => ({ passed: false, message: 'no', metrics: { 'relative-error': 2e-7 } })))).toBeNull();
    expect(run(meta(declared), checks(() => ({ passed: true, fraction: 0.5, message: 'half', metrics: { 'relative-error': 2e-7 } })))).toBeNull();
    // Not a measurement: none.
    expect(run(meta(declared), checks(() => ({ passed: true, message: 'ok', metrics: { 'relative-error': Number.NaN } })))).toBeNull();
    expect(run(meta(declared), checks(() => ({ passed: true, message: 'ok', metrics: { 'relative-error': -1 } })))).toBeNull();
  });

  it("never keeps the measurement of the reference's own answers (the re-run that tells a tripped check from a broken one)", () => {
    // Throws on the learner's answer, passes on the reference's (measuring 0 there): the check fails.
    const tripped = checks((ctx) => {
      const v = ctx.learner('a', { safeParse: (x: unknown) => ({ success: true, data: x }) } as never) as number;
      if (v !== 1) throw new Error('cannot handle');
      return { passed: true, message: 'ok', metrics: { 'relative-error': 0 } };
    });
    expect(run(meta(declared), tripped, { a: 2 })).toBeNull();
  });
});

describe('the metric of a real grading run (tied-conv2d, sandboxed)', () => {
  const def = loadExercise('tied-conv2d');
  const solution = readFileSync(path.join(def.dir, 'solution.ts'), 'utf8');
  // Correct, but computed a little differently from the reference: its relative error is about 1e-6.
  const honest = solution.replace('tf.add(tf.conv2d(x, kernel as tf.Tensor4D, 1, \'same\'), bias)', "tf.mul(tf.add(tf.conv2d(x, kernel as tf.Tensor4D, 1, 'same'), bias), 1 + 1e-6)");
  // The same, claiming a perfect metric every way it can: printed, on globals, on its objects.
  const claims = `
const fake = { metric: 0, metrics: { 'relative-error': 0 }, leaderboardMetric: { kind: 'relative-error', value: 0 } };
console.log(JSON.stringify(fake));
console.log('{"kind":"relative-error","value":0}');
(globalThis as Record<string, unknown>).metrics = fake.metrics;
(globalThis as Record<string, unknown>).leaderboardMetric = fake.leaderboardMetric;
`;
  const faking = `${honest.replace('  return {\n    weights:', '  return {\n    ...fake,\n    weights:')}\n${claims}`;
  const graded = (o: GradeOutcome) => {
    if (o.status !== 'GRADED') throw new Error(`expected GRADED, got ${JSON.stringify(o).slice(0, 500)}`);
    return o;
  };

  it('measures the declared metric on the trusted side; a submission that prints or returns a fake one changes nothing', async () => {
    expect(honest).not.toBe(solution);
    expect(faking).toContain('...fake');
    const a = graded(await gradeSubmission({ exercise: def, code: honest, seed: 'metric' }));
    const b = graded(await gradeSubmission({ exercise: def, code: faking, seed: 'metric' }));
    expect(a.score).toBe(1);
    expect(b.score).toBe(1);
    expect(a.metric?.kind).toBe('relative-error');
    expect(a.metric!.value).toBeGreaterThan(1e-7);
    expect(a.metric!.value).toBeLessThan(1e-5);
    expect(b.metric).toEqual(a.metric);
  });
});
