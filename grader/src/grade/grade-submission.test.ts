// End-to-end grading with real sandbox child processes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadExercise } from '@tyinglab/exercise-format';
import { gradeSubmission, type GradeOutcome } from './grade-submission';

jest.setTimeout(60_000);

const def = loadExercise('tied-conv2d');
const file = (f: string) => readFileSync(path.join(def.dir, f), 'utf8');
const solution = file('solution.ts');
const SHORT = 2500; // ms: keeps the time-limit tests fast

function graded(o: GradeOutcome): Extract<GradeOutcome, { status: 'GRADED' }> {
  if (o.status !== 'GRADED') throw new Error(`expected GRADED, got ${JSON.stringify(o)}`);
  return o;
}

describe('gradeSubmission (tied-conv2d)', () => {
  it('scores the solution 1 with a message on every check', async () => {
    const o = graded(await gradeSubmission({ exercise: def, code: solution }));
    expect(o.score).toBe(1);
    expect(o.checks.map((c) => c.name)).toEqual(['param-count', 'matches-reference', 'translation-equivariance', 'gradients-match-reference', 'trains-like-reference', 'weights-declared-and-used', 'no-leaked-tensors']);
    for (const c of o.checks) expect(c.message.length).toBeGreaterThan(10);
    expect(o.checks.find((c) => c.name === 'trains-like-reference')?.plots.map((p) => p.series.map((s) => s.name))).toEqual([['your loss', 'reference loss']]);
  });

  it('scores the starter < 1 and names the failing checks', async () => {
    const o = graded(await gradeSubmission({ exercise: 'tied-conv2d', code: def.starter }));
    expect(o.score).toBeLessThan(1);
    const pc = o.checks.find((c) => c.name === 'param-count')!;
    expect(pc.passed).toBe(false);
    // The sizes are drawn per run: the expected count follows the plan's kernel size and channels.
    expect(pc.message).toMatch(/expected \d+ = k·k·C_in·C_out \+ C_out = \d·\d·\d·\d \+ \d/);
  });

  it('gives a wrong answer a low score, and the same seed gives the same result', async () => {
    const code = file('wrong/flipped-kernel.ts');
    const a = graded(await gradeSubmission({ exercise: def, code, seed: 'fixed' }));
    const b = graded(await gradeSubmission({ exercise: def, code, seed: 'fixed' }));
    expect(a.score).toBeLessThanOrEqual(0.5);
    const m = a.checks.find((c) => c.name === 'matches-reference')!;
    expect(m.passed).toBe(false);
    expect(m.message).toMatch(/max abs error [\d.e+-]+ .*worst at \[n=\d, y=\d+, x=\d+, c=\d+\]/);
    expect(b.checks.map((c) => c.message)).toEqual(a.checks.map((c) => c.message));
  });

  it('reports a syntax error as NOT_GRADABLE COMPILE_ERROR with the line', async () => {
    const code = solution.replace('const fanIn = kernelSize', 'const fanIn = = kernelSize');
    const o = await gradeSubmission({ exercise: def, code });
    expect(o).toMatchObject({ status: 'NOT_GRADABLE', reason: 'COMPILE_ERROR' });
    const line = solution.split('\n').findIndex((l) => l.includes('const fanIn')) + 1;
    expect((o as { message: string }).message).toContain(`submission.ts:${line}:`);
  });

  it('reports a module that throws on load, or misses the export, as LOAD_ERROR', async () => {
    const o1 = await gradeSubmission({ exercise: def, code: `throw new Error('nope');\n${solution}` });
    expect(o1).toMatchObject({ status: 'NOT_GRADABLE', reason: 'LOAD_ERROR' });
    expect((o1 as { message: string }).message).toContain('nope');
    const o2 = await gradeSubmission({ exercise: def, code: 'export const x = 1;' });
    expect(o2).toMatchObject({ status: 'NOT_GRADABLE', reason: 'LOAD_ERROR', message: expect.stringContaining('createTiedConv2d') });
  });

  it('stops an endless loop at module top level and inside apply (TIME_LIMIT); the next grading works', async () => {
    const top = await gradeSubmission({ exercise: def, code: `while (true) {}\n${solution}`, timeLimitMs: SHORT });
    expect(top).toMatchObject({ status: 'NOT_GRADABLE', reason: 'TIME_LIMIT', message: expect.stringContaining('time limit of 2.5 s exceeded') });
    expect(top.durationMs).toBeLessThan(SHORT + 3000);
    const inApply = await gradeSubmission({ exercise: def, code: solution.replace('apply: (x) =>', 'apply: (x) => { while (true) {} },\n    _old: (x: tf.Tensor4D) =>'), timeLimitMs: SHORT });
    expect(inApply).toMatchObject({ status: 'NOT_GRADABLE', reason: 'TIME_LIMIT' });
    const after = graded(await gradeSubmission({ exercise: def, code: solution }));
    expect(after.score).toBe(1);
  });

  it('does not accept a forged stdout frame followed by an exit', async () => {
    const fake = JSON.stringify({ kind: 'answers', probes: {}, tfReadyMs: 1 });
    const forge = `process.stdout.write('\\nTYINGLAB-FRAME-00000000000000000000000000000000 ${fake.length}\\n' + ${JSON.stringify(fake)} + '\\nTYINGLAB-FRAME-00000000000000000000000000000000 END\\n');`;
    const viaExit = await gradeSubmission({ exercise: def, code: `${forge}\nprocess.exit(0);\n${solution}` });
    expect(viaExit.status).toBe('NOT_GRADABLE');
    const viaReallyExit = await gradeSubmission({ exercise: def, code: `${forge}\n(process as any).reallyExit(0);\n${solution}` });
    expect(viaReallyExit).toMatchObject({ status: 'NOT_GRADABLE', reason: 'CRASHED' });
    const viaKill = await gradeSubmission({ exercise: def, code: `${forge}\nprocess.kill(process.pid, 'SIGKILL');\n${solution}` });
    expect(viaKill).toMatchObject({ status: 'NOT_GRADABLE', reason: 'CRASHED' });
  });

  it('fails NaN answers with a message and keeps console output out of the result', async () => {
    const code = solution.replace("apply: (x) => tf.tidy(() =>", "apply: (x) => tf.tidy(() => { console.log('debug', x.shape); return tf.mul(tf.scalar(NaN), tf.ones([x.shape[0], x.shape[1], x.shape[2], outChannels])) as tf.Tensor4D; }) ?? tf.tidy(() =>");
    const o = graded(await gradeSubmission({ exercise: def, code }));
    const m = o.checks.find((c) => c.name === 'matches-reference')!;
    expect(m.passed).toBe(false);
    expect(m.message).toContain('not a finite number (NaN or Infinity?)');
    expect(o.checks.find((c) => c.name === 'param-count')!.passed).toBe(true);
    expect(JSON.stringify(o)).not.toContain('debug');
  });

  it('returns INTERNAL_ERROR (not a learner failure) for an unknown exercise', async () => {
    const o = await gradeSubmission({ exercise: 'no-such-exercise', code: solution });
    expect(o.status).toBe('INTERNAL_ERROR');
  });
});
