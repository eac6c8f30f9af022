// The in-browser checks and the grader name the same line of the learner's file for the same error:
// the worker's evaluator (evaluate-in-worker.ts, what check-worker.js bundles) against the grader
// itself (gradeSubmission, real sandbox child processes), for a throw while the module loads and a
// throw inside apply. Before evaluate-in-worker.ts the browser said 2 lines more than the grader.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadExercise } from '@tyinglab/exercise-format';
import { gradeSubmission } from '../grade/grade-submission';
import { loadTrustedExercise, type TrustedExercise } from '../grade/trusted-exercise';
import { evaluateInWorker, workerModuleSource } from './evaluate-in-worker';
import { visibleExerciseFor } from './visible-exercise';
import { runVisibleChecks, type VisibleExercise } from './visible-runner';

jest.setTimeout(90_000);

const def = loadExercise('tied-conv2d');
let trusted: TrustedExercise;
let exercise: VisibleExercise;

beforeAll(async () => {
  trusted = await loadTrustedExercise(def);
  exercise = visibleExerciseFor(trusted);
});

const inBrowser = (code: string) => runVisibleChecks({ tf: trusted.tf, exercise, checks: trusted.visibleChecks, code, evaluate: evaluateInWorker });
const lineIn = (text: string) => Number(/submission\.ts line (\d+)/.exec(text)?.[1] ?? NaN);

// Line 4 throws while the module loads.
const THROWS_AT_LOAD = [
  "import * as tf from '@tensorflow/tfjs';",
  '',
  '// Some set-up that goes wrong:',
  "throw new Error('broken while loading');",
  'export function createTiedConv2d(args: unknown) {',
  '  return tf.tidy(() => args) as never;',
  '}',
].join('\n');

// Line 6 throws inside apply, whenever a probe runs the layer.
const THROWS_IN_APPLY = [
  "import * as tf from '@tensorflow/tfjs';",
  'export function createTiedConv2d() {',
  "  const kernel = tf.variable(tf.zeros([3, 3, 3, 16]), true, 'k');",
  '  return {',
  '    weights: () => ({ kernel }),',
  "    apply: () => { throw new Error('not written yet'); },",
  '  };',
  '}',
].join('\n');

describe('line numbers: the browser worker and the grader agree', () => {
  it('evaluates the wrapper the grader uses, starting on the learner’s first line', () => {
    expect(workerModuleSource('line1();\nline2();', 'submission.ts')).toBe('(function (exports, require, module) {line1();\nline2();\n})\n//# sourceURL=submission.ts');
  });

  it('a throw while the module loads: the same line (4) in both', async () => {
    const browser = await inBrowser(THROWS_AT_LOAD);
    expect(browser).toMatchObject({ status: 'NOT_RUNNABLE', reason: 'LOAD_ERROR' });
    const graded = await gradeSubmission({ exercise: def, code: THROWS_AT_LOAD });
    expect(graded).toMatchObject({ status: 'NOT_GRADABLE', reason: 'LOAD_ERROR' });
    const browserMessage = browser.status === 'NOT_RUNNABLE' ? browser.message : '';
    const graderMessage = (graded as { message: string }).message;
    expect(lineIn(browserMessage)).toBe(4);
    expect(lineIn(graderMessage)).toBe(4);
    expect(browserMessage).toContain('Error: broken while loading');
  });

  it('a throw inside apply: the same line (6) in both', async () => {
    const browser = await inBrowser(THROWS_IN_APPLY);
    expect(browser.status).toBe('CHECKED');
    const browserCheck = browser.status === 'CHECKED' ? browser.checks.find((c) => c.name === 'translation-equivariance')! : null;
    expect(browserCheck?.passed).toBe(false);
    const graded = await gradeSubmission({ exercise: def, code: THROWS_IN_APPLY });
    expect(graded.status).toBe('GRADED');
    const graderCheck = graded.status === 'GRADED' ? graded.checks.find((c) => c.name === 'translation-equivariance')! : null;
    expect(graderCheck?.passed).toBe(false);
    expect(lineIn(browserCheck!.message)).toBe(6);
    expect(lineIn(graderCheck!.message)).toBe(6);
  });

  it('runs a correct module as the grader does: the solution passes every visible check', async () => {
    const out = await inBrowser(readFileSync(path.join(def.dir, 'solution.ts'), 'utf8'));
    expect(out).toMatchObject({ status: 'CHECKED', passed: exercise.checks.length, total: exercise.checks.length });
  });
});
