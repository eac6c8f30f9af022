import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { contentHash, ExerciseContentError, loadExercise, loadExercises, UnknownExerciseError } from './index';

const goodMeta = (slug: string, position = 1) => ({
  slug,
  title: 'Demo',
  summary: 'A demo exercise.',
  difficulty: 'intro',
  concepts: ['convolution'],
  position,
  points: 10,
  limits: { timeMs: 5000, memoryMb: 256 },
  tolerance: { atol: 1e-4, rtol: 1e-3 },
  checks: [{ name: 'matches-reference', title: 'Matches', visibility: 'hidden', points: 1 }],
  wrong: [{ file: 'wrong/a.ts', failsCheck: 'matches-reference', mistake: 'wrong' }],
});

function writeExercise(root: string, folder: string, meta: unknown, extra: Record<string, string> = {}): void {
  const dir = path.join(root, folder);
  mkdirSync(path.join(dir, 'wrong'), { recursive: true });
  const files: Record<string, string> = {
    'exercise.json': JSON.stringify(meta, null, 2),
    'statement.md': '# Demo',
    'starter.ts': 'export {}',
    'solution.ts': 'export {}',
    'probes.ts': 'export {}',
    'visible-checks.ts': 'export {}',
    'checks.ts': 'export {}',
    'wrong/a.ts': 'export {}',
    ...extra,
  };
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
}

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'exercises-test-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('loadExercises', () => {
  it('loads valid folders sorted by position', () => {
    writeExercise(root, 'b-ex', goodMeta('b-ex', 2));
    writeExercise(root, 'a-ex', goodMeta('a-ex', 5));
    const defs = loadExercises(root);
    expect(defs.map((d) => d.meta.slug)).toEqual(['b-ex', 'a-ex']);
    expect(defs[0]?.statement).toBe('# Demo');
    expect(defs[0]?.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the folder and the field for a schema error', () => {
    writeExercise(root, 'broken', { ...goodMeta('broken'), difficulty: 'easy', limits: { timeMs: 'x', memoryMb: 256 } });
    expect(() => loadExercises(root)).toThrow(ExerciseContentError);
    try {
      loadExercises(root);
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toContain('exercise folder "broken"');
      expect(msg).toContain('field "difficulty"');
      expect(msg).toContain('field "limits.timeMs"');
    }
  });

  it('rejects unknown keys (strict)', () => {
    writeExercise(root, 'extra', { ...goodMeta('extra'), tittle: 'typo' });
    expect(() => loadExercises(root)).toThrow(/tittle/);
  });

  it('rejects a wrong/ entry naming a check that does not exist', () => {
    const meta = goodMeta('bad-wrong');
    meta.wrong[0]!.failsCheck = 'nope';
    writeExercise(root, 'bad-wrong', meta);
    expect(() => loadExercises(root)).toThrow(/field "wrong\[0\]\.failsCheck".*"nope"/);
  });

  it('rejects a slug that differs from the folder, missing files and unlisted wrong files', () => {
    writeExercise(root, 'folder-name', goodMeta('other-name'), { 'wrong/b.ts': 'export {}' });
    expect(() => loadExercises(root)).toThrow(/field "slug".*folder-name[\s\S]*wrong\/b\.ts is not listed/);
    rmSync(path.join(root, 'folder-name', 'probes.ts'));
    expect(() => loadExercises(root)).toThrow(/"folder-name"[\s\S]*missing file probes\.ts/);
  });

  it('loads listed right/ files and refuses unlisted or missing ones, like wrong/', () => {
    const meta = { ...goodMeta('alt'), right: [{ file: 'right/patches.ts', approach: 'im2col' }] };
    mkdirSync(path.join(root, 'alt', 'right'), { recursive: true });
    writeExercise(root, 'alt', meta, { 'right/patches.ts': 'export {}' });
    expect(loadExercises(root)[0]?.meta.right).toEqual(meta.right);
    writeFileSync(path.join(root, 'alt', 'right', 'extra.ts'), 'export {}');
    expect(() => loadExercises(root)).toThrow(/right\/extra\.ts is not listed in exercise\.json field "right"/);
    writeExercise(root, 'alt', { ...meta, right: [{ file: 'right/gone.ts', approach: 'x' }] });
    expect(() => loadExercises(root)).toThrow(/field "right\[0\]\.file": right\/gone\.ts does not exist/);
    writeExercise(root, 'alt', { ...meta, right: [{ file: 'wrong/a.ts', approach: 'x' }] });
    expect(() => loadExercises(root)).toThrow(/field "right\.\[0\]\.file"|field "right\[0\]\.file": must look like "right\/<name>\.ts"/);
  });

  it('accepts mutant records, and refuses a malformed id or one recorded twice', () => {
    const mutants = { equivalent: [{ id: 'detach@24:53 kernel', reason: 'only its shape is read' }], pending: [{ id: 'fixed-size@20:47 kernelSize', why: 'k never varies' }] };
    writeExercise(root, 'mut', { ...goodMeta('mut'), mutants });
    expect(loadExercises(root)[0]?.meta.mutants).toEqual(mutants);
    writeExercise(root, 'mut', { ...goodMeta('mut'), mutants: { equivalent: [{ id: 'kernel', reason: 'x' }] } });
    expect(() => loadExercises(root)).toThrow(/field "mutants\.equivalent\[0\]\.id": must be a mutant id/);
    writeExercise(root, 'mut', { ...goodMeta('mut'), mutants: { ...mutants, pending: [{ id: 'detach@24:53 kernel', why: 'x' }] } });
    expect(() => loadExercises(root)).toThrow(/mutant "detach@24:53 kernel" is recorded twice/);
  });

  it('accepts a leaderboard metric on one of the checks, and refuses an unknown check, kind or direction', () => {
    const metric = { kind: 'relative-error', check: 'matches-reference', unit: 'relative error', better: 'lower', explanation: 'How far from the reference.', rationale: 'Hidden check.' };
    writeExercise(root, 'metric', { ...goodMeta('metric'), leaderboardMetric: metric });
    expect(loadExercises(root)[0]?.meta.leaderboardMetric).toEqual(metric);
    writeExercise(root, 'metric', { ...goodMeta('metric'), leaderboardMetric: { ...metric, check: 'param-count' } });
    expect(() => loadExercises(root)).toThrow(/field "leaderboardMetric\.check".*"param-count" is not one of the checks/);
    const visible = { ...goodMeta('metric'), checks: [{ name: 'matches-reference', title: 'Matches', visibility: 'visible', points: 1 }], leaderboardMetric: metric };
    writeExercise(root, 'metric', visible);
    expect(() => loadExercises(root)).toThrow(/must come from a hidden check/);
    writeExercise(root, 'metric', { ...visible, leaderboardMetric: { ...metric, kind: 'trainable-parameters', unit: 'parameters' } });
    expect(loadExercises(root)[0]?.meta.leaderboardMetric?.kind).toBe('trainable-parameters');
    writeExercise(root, 'metric', { ...goodMeta('metric'), leaderboardMetric: { ...metric, kind: 'reported-accuracy' } });
    expect(() => loadExercises(root)).toThrow(/leaderboardMetric\.kind/);
    writeExercise(root, 'metric', { ...goodMeta('metric'), leaderboardMetric: { ...metric, better: 'higher' } });
    expect(() => loadExercises(root)).toThrow(/leaderboardMetric\.better/);
  });

  it('reports invalid JSON', () => {
    writeExercise(root, 'json', goodMeta('json'), { 'exercise.json': '{ nope' });
    expect(() => loadExercises(root)).toThrow(/"json"[\s\S]*not valid JSON/);
  });

  it('rejects duplicate positions', () => {
    writeExercise(root, 'one', goodMeta('one', 1));
    writeExercise(root, 'two', goodMeta('two', 1));
    expect(() => loadExercises(root)).toThrow(/position/);
  });
});

describe('loadExercise', () => {
  it('loads by slug and throws UnknownExerciseError otherwise', () => {
    writeExercise(root, 'demo', goodMeta('demo'));
    expect(loadExercise('demo', root).meta.title).toBe('Demo');
    expect(() => loadExercise('missing', root)).toThrow(UnknownExerciseError);
    expect(() => loadExercise('../etc', root)).toThrow(UnknownExerciseError);
  });
});

describe('contentHash', () => {
  it('changes when any file changes and is stable otherwise', () => {
    writeExercise(root, 'demo', goodMeta('demo'));
    const dir = path.join(root, 'demo');
    const h1 = contentHash(dir);
    expect(contentHash(dir)).toBe(h1);
    writeFileSync(path.join(dir, 'wrong', 'a.ts'), 'export const x = 1;');
    expect(contentHash(dir)).not.toBe(h1);
  });
});

describe('repository exercises', () => {
  it('all load', () => {
    const defs = loadExercises();
    expect(defs.length).toBeGreaterThan(0);
  });
});
