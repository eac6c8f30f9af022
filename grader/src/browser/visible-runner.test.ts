// The in-browser check runner, exercised in node with the same code the worker bundles: lazy probes,
// learner errors, the public plan, and a bundle that ships visible checks only.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadExercise, loadExercises } from '@tyinglab/exercise-format';
import { loadTrustedExercise, type TrustedExercise } from '../grade/trusted-exercise';
import { evaluateModule } from '../sandbox/ts-module';
import { Rng } from '../util/rng';
import { buildBrowserBundle } from './build-browser';
import { publicSeed, visibleExerciseFor } from './visible-exercise';
import { runVisibleChecks, type VisibleExercise } from './visible-runner';

let trusted: TrustedExercise;
let exercise: VisibleExercise;
let solution: string;

beforeAll(async () => {
  trusted = await loadTrustedExercise(loadExercise('tied-conv2d'));
  exercise = visibleExerciseFor(trusted);
  solution = readFileSync(path.join(trusted.def.dir, 'solution.ts'), 'utf8');
});

const run = (code: string) => runVisibleChecks({ tf: trusted.tf, exercise, checks: trusted.visibleChecks, code, evaluate: evaluateModule });

describe('visibleExerciseFor', () => {
  it('lists the visible checks only, counts the hidden ones and builds the plan from the public seed', () => {
    expect(exercise.checks.map((c) => c.name)).toEqual(['param-count', 'translation-equivariance', 'weights-declared-and-used', 'no-leaked-tensors']);
    expect(exercise.hiddenChecks).toBe(3);
    expect(exercise.contentHash).toBe(trusted.def.contentHash);
    expect(exercise.plan).toEqual(trusted.checks.makePlan(new Rng(publicSeed('tied-conv2d'))));
    // A graded run draws 16 random bytes; its plan shares no input with the public one.
    const graded = trusted.checks.makePlan(new Rng('0123456789abcdef0123456789abcdef')) as { shift: { x: { data: number[] } } };
    expect(graded.shift.x.data).not.toEqual((exercise.plan as typeof graded).shift.x.data);
    expect(JSON.stringify(exercise)).not.toContain('solution');
  });
});

describe('runVisibleChecks', () => {
  it('passes the solution and runs only the probes the visible checks ask for', async () => {
    let builds = 0;
    const out = await runVisibleChecks({
      tf: trusted.tf,
      exercise,
      checks: trusted.visibleChecks,
      code: solution,
      evaluate: (js, filename, modules) => {
        const mod = evaluateModule(js, filename, modules);
        if (filename !== 'submission.ts') return mod;
        const create = mod.createTiedConv2d as (args: unknown) => unknown;
        return { createTiedConv2d: (args: unknown) => (builds++, create(args)) };
      },
    });
    expect(out.status).toBe('CHECKED');
    if (out.status !== 'CHECKED') return;
    expect(out.checks.map((c) => [c.name, c.passed, c.visibility])).toEqual([
      ['param-count', true, 'VISIBLE'],
      ['translation-equivariance', true, 'VISIBLE'],
      ['weights-declared-and-used', true, 'VISIBLE'],
      ['no-leaked-tensors', true, 'VISIBLE'],
    ]);
    expect(out.passed).toBe(4);
    // 'declared', 'shift', 'variables' and 'leaks' build the layer once each; 'injected', 'gradients'
    // and 'train' (hidden checks) never run.
    expect(builds).toBe(4);
  });

  it('keeps a constant the module caches across probes usable, as the sandbox does', async () => {
    // ones [1, 1, 1, C_out] cached at module level by the factory: correct code, the same numbers.
    const cached = solution
      .replace('export function createTiedConv2d', 'const ones = new Map<number, tf.Tensor>();\nconst onesFor = (c: number) => ones.get(c) ?? (ones.set(c, tf.ones([1, 1, 1, c])), ones.get(c)!);\nexport function createTiedConv2d')
      .replace('  const bias = tf.variable(tf.zeros([outChannels]));', '  const bias = tf.variable(tf.zeros([outChannels]));\n  const one = onesFor(outChannels);')
      .replace("apply: (x) => tf.tidy(() => tf.add(tf.conv2d(x, kernel as tf.Tensor4D, 1, 'same'), bias)),", "apply: (x) => tf.tidy(() => tf.mul(tf.add(tf.conv2d(x, kernel as tf.Tensor4D, 1, 'same'), bias), one)),");
    expect(cached).toContain('bias), one)),');
    const out = await run(cached);
    expect(out.status === 'CHECKED' ? out.checks.map((c) => [c.name, c.passed, c.passed ? '' : c.message]) : out).toEqual([
      ['param-count', true, ''],
      ['translation-equivariance', true, ''],
      ['weights-declared-and-used', true, ''],
      ['no-leaked-tensors', true, ''],
    ]);
  });

  it('reports a compile error with the line, like the grader', async () => {
    const out = await run('export function createTiedConv2d(args) {\n  return {{;\n}\n');
    expect(out).toMatchObject({ status: 'NOT_RUNNABLE', reason: 'COMPILE_ERROR' });
    if (out.status === 'NOT_RUNNABLE') expect(out.message).toMatch(/^Your code does not compile: submission\.ts:2:/);
  });

  it('names a missing export', async () => {
    const out = await run('export const nothing = 1;\n');
    expect(out).toMatchObject({ status: 'NOT_RUNNABLE', reason: 'LOAD_ERROR' });
    if (out.status === 'NOT_RUNNABLE') expect(out.message).toContain('a function named `createTiedConv2d`');
  });

  it('fails the checks whose probe threw, with the learner line', async () => {
    const code = [
      "import * as tf from '@tensorflow/tfjs';",
      'export function createTiedConv2d() {',
      "  const kernel = tf.variable(tf.zeros([3, 3, 3, 16]), true, 'k');",
      '  return { weights: () => ({ kernel }), apply: () => {',
      "    throw new Error('not yet');",
      '  } };',
      '}',
    ].join('\n');
    const out = await run(code);
    expect(out.status).toBe('CHECKED');
    if (out.status !== 'CHECKED') return;
    expect(out.passed).toBe(0);
    expect(out.checks[0]!.message).toBe('Your code failed during the "declared" probe: Error: not yet (submission.ts line 5)');
  });

  it('refuses NaN outputs through the check schemas, as after the sandbox', async () => {
    const nan = solution.replace("'same'), bias)", "'same'), bias).mul(NaN)");
    expect(nan).not.toBe(solution);
    const out = await run(nan);
    expect(out.status).toBe('CHECKED');
    if (out.status !== 'CHECKED') return;
    const equiv = out.checks.find((c) => c.name === 'translation-equivariance')!;
    expect(equiv.passed).toBe(false);
    expect(equiv.message).toContain('not a finite number');
  });
});

describe('the worker bundle', () => {
  it('holds every visible check and no hidden one', async () => {
    const { dir } = await buildBrowserBundle();
    const js = readFileSync(path.join(dir, 'check-worker.js'), 'utf8');
    for (const def of loadExercises()) {
      for (const c of def.meta.checks) {
        // As an object key, quoted or (for identifier-like names, after minifying) bare.
        const asKey = new RegExp(`[{,]\\s*(["']?)${c.name.replace(/-/g, '\\-')}\\1\\s*:`);
        const present = asKey.test(js);
        expect([def.meta.slug, c.name, present]).toEqual([def.meta.slug, c.name, c.visibility === 'visible']);
      }
      const served = JSON.parse(readFileSync(path.join(dir, 'exercises', `${def.meta.slug}.json`), 'utf8')) as VisibleExercise;
      expect(served.contentHash).toBe(def.contentHash);
    }
  }, 120_000);
});
