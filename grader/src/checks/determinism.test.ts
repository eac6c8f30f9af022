// Determinism and result bookkeeping the check library relies on: plans come only from the
// per-run seed, the backend is asserted (never silently switched), and partial credit turns into
// points per check.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { loadExercise } from '@tyinglab/exercise-format';
import { z } from 'zod';
import { runChecks } from '../grade/run-checks';
import { loadTrustedExercise } from '../grade/trusted-exercise';
import type { ProbeAnswers } from '../sandbox/protocol';
import { Rng } from '../util/rng';
import { finiteDifferencePlan } from './finite-differences';
import { randomPermutation } from './transforms';
import { defineChecks } from './types';

jest.setTimeout(30_000);

describe('per-run seed', () => {
  it('the same seed gives the same plan; another seed another plan', async () => {
    // The model exercise's checks, loaded as the grader loads them (content is not imported).
    const { checks } = await loadTrustedExercise(loadExercise('tied-conv2d'));
    const a = JSON.stringify(checks.makePlan(new Rng('seed-1')));
    expect(JSON.stringify(checks.makePlan(new Rng('seed-1')))).toBe(a);
    expect(JSON.stringify(checks.makePlan(new Rng('seed-2')))).not.toBe(a);
  });
  it('library helpers draw only from the given Rng', () => {
    const w = { W: { shape: [4, 4], data: new Array<number>(16).fill(0.5) } };
    expect(finiteDifferencePlan(new Rng('s'), w)).toEqual(finiteDifferencePlan(new Rng('s'), w));
    expect(randomPermutation(new Rng('s'), 9)).toEqual(randomPermutation(new Rng('s'), 9));
    // FD values are float32-exact so the probe writes exactly what the plan's step assumes.
    for (const c of finiteDifferencePlan(new Rng('s'), w)) expect([Math.fround(c.plus), Math.fround(c.minus)]).toEqual([c.plus, c.minus]);
  });
});

describe('backend is asserted', () => {
  it('initTf selects wasm and says so', async () => {
    const { initTf } = await import('../tf/init-tf');
    const tf = await initTf();
    expect(tf.getBackend()).toBe('wasm');
  });
  it('a wasm backend that cannot load is an error, not a silent fallback to cpu', async () => {
    // A fresh process: tfjs keeps its engine on globalThis, so only a new one has no backend yet.
    const script = [
      "const { initTf, BackendError } = require('./src/tf/init-tf');",
      "initTf({ wasmDir: '/nonexistent/wasm/' }).then(",
      "  (tf) => { console.log('RESOLVED ' + tf.getBackend()); },",
      "  (e) => { console.log((e instanceof BackendError ? 'BackendError: ' : 'other: ') + e.message); },",
      ');',
    ].join('\n');
    const r = spawnSync(process.execPath, [require.resolve('tsx/cli'), '-e', script], { cwd: path.resolve(__dirname, '..', '..'), encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout.trim().split('\n').pop()).toBe("BackendError: tf.setBackend('wasm') failed (wasm files not found?)");
  });
});

describe('check results: partial credit and visibility', () => {
  it('fraction becomes points; a bad learner answer fails only its check', () => {
    const meta = {
      ...loadExercise('tied-conv2d').meta,
      checks: [
        { name: 'half', title: 'Half', visibility: 'visible' as const, points: 4 },
        { name: 'bad-answer', title: 'Bad', visibility: 'hidden' as const, points: 2 },
      ],
    };
    const checks = defineChecks<unknown>({
      makePlan: () => ({}),
      checks: {
        half: () => ({ passed: false, message: 'one of two cases', fraction: 0.5, facts: [{ label: 'cases that match', value: '1 of 2' }], details: { cases: 2 } }),
        'bad-answer': (ctx) => ({ passed: true, message: String(ctx.learner('p', z.number())) }),
      },
    });
    const learner: ProbeAnswers = { p: { ok: true, value: 'not a number' } } as unknown as ProbeAnswers;
    const [half, bad] = runChecks(meta, checks as never, {}, learner, {});
    // Facts and plots are kept; `details` (measurements for code) are not.
    expect(half).toEqual({ name: 'half', title: 'Half', maxPoints: 4, points: 2, passed: false, message: 'one of two cases', visibility: 'VISIBLE', facts: [{ label: 'cases that match', value: '1 of 2' }], plots: [] });
    expect(bad).toMatchObject({ name: 'bad-answer', points: 0, maxPoints: 2, passed: false, visibility: 'HIDDEN' });
    expect(bad!.message).toMatchInlineSnapshot(`"Your code returned unusable values in the "p" probe: the answer is not a finite number (NaN or Infinity?)."`);
  });
});
