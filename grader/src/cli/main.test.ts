// The `grader` CLI as users and CI call it: real processes, from the repo root.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { environmentWith } from '../config';
import { main } from './main';

jest.setTimeout(90_000);

const root = path.resolve(__dirname, '..', '..', '..');
const bin = path.join(root, 'grader', 'bin', 'grader.cjs');
const fixture = path.join('grader', 'src', 'checks', '__fixtures__', 'tied-conv2d-patches.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: root, env: environmentWith({ NO_COLOR: '1' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
const grader = (...args: string[]) => run(process.execPath, [bin, ...args]);

function lastJson(r: Run): Record<string, unknown> {
  const lines = r.stdout.trimEnd().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'grader-cli-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('grader run', () => {
  it('prints one JSON object on the last stdout line (--json) and exits 0 whatever the score', async () => {
    const broken = path.join(tmp, 'broken.ts');
    writeFileSync(broken, 'export const createTiedConv2d = (;\n');
    // In parallel: the machine has 2 cores and each run spends most of its time loading tfjs.
    const [alt, wrong, compile] = await Promise.all([
      run('npx', ['--no-install', 'grader', 'run', 'tied-conv2d', fixture, '--json', '--seed', 'cli']),
      grader('run', 'tied-conv2d', 'exercises/tied-conv2d/wrong/flipped-kernel.ts', '--json'),
      grader('run', 'tied-conv2d', broken),
    ]);

    expect([alt.code, alt.stderr.includes('Error:') ? alt.stderr : '']).toEqual([0, '']);
    const a = lastJson(alt);
    expect(a).toMatchObject({ status: 'GRADED', score: 1 });
    const checks = a.checks as Record<string, unknown>[];
    expect(checks.map((c) => c.name)).toEqual(['param-count', 'matches-reference', 'translation-equivariance', 'gradients-match-reference', 'trains-like-reference', 'weights-declared-and-used', 'no-leaked-tensors']);
    for (const c of checks) {
      expect(Object.keys(c).sort()).toEqual(['maxPoints', 'message', 'name', 'passed', 'points']);
      expect(c.passed).toBe(true);
    }

    expect(wrong.code).toBe(0);
    const w = lastJson(wrong);
    expect(w.status).toBe('GRADED');
    expect(w.score as number).toBeLessThan(1);
    expect((w.checks as { name: string; passed: boolean }[]).find((c) => c.name === 'matches-reference')?.passed).toBe(false);

    // Without --json: the human report; NOT_GRADABLE is a completed grading too.
    expect(compile.code).toBe(0);
    expect(compile.stdout).toMatch(/^NOT_GRADABLE {2}COMPILE_ERROR/m);
    expect(compile.stdout).toContain('broken.ts:1:');
  });

  it('`grader check` runs the visible checks only, as the browser does, and names what failed', async () => {
    const [ok, wrong] = await Promise.all([
      grader('check', 'tied-conv2d', fixture, '--json'),
      grader('check', 'tied-conv2d', 'exercises/tied-conv2d/wrong/bias-per-pixel.ts'),
    ]);
    expect(ok.code).toBe(0);
    const o = lastJson(ok);
    expect(o).toMatchObject({ status: 'CHECKED', passed: 4, total: 4 });
    expect((o.checks as { name: string }[]).map((c) => c.name)).toEqual(['param-count', 'translation-equivariance', 'weights-declared-and-used', 'no-leaked-tensors']);
    expect(wrong.code).toBe(0);
    expect(wrong.stdout).toMatch(/^2 of 4 visible checks passed/m);
    expect(wrong.stdout).toMatch(/FAIL {2}param-count/);
    expect(wrong.stdout).toContain('do not depend on the image size');
  });

  it('usage errors exit 2 with a message, before any grading (in-process: no tfjs needed)', async () => {
    const errors: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')));
    try {
      const codes = [
        await main(['run', 'tied-conv2d']),
        await main(['run', 'no-such-exercise', fixture, '--json']),
        await main(['run', 'tied-conv2d', path.join(tmp, 'does-not-exist.ts'), '--json']),
        await main(['validate', 'no-such-exercise']),
        await main(['check', 'tied-conv2d']),
        await main(['--help']),
      ];
      expect(codes).toEqual([2, 2, 2, 2, 2, 0]);
      expect(errors[0]).toContain('usage:');
      expect(errors[1]).toContain('cannot load exercise "no-such-exercise"');
      expect(errors[2]).toContain('cannot read');
      expect(errors[3]).toContain('cannot load exercise "no-such-exercise"');
      expect(errors[4]).toContain('usage:');
      expect(errors[5]).toContain('grader check <exercise>');
    } finally {
      spy.mockRestore();
    }
  });
});
