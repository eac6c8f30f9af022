// The attack suite: hostile submissions, each asserting the safe outcome AND that the host is
// untouched — sentinel files unchanged, no process of a sandbox uid left running, the "grader's"
// ports never reached (TCP and UDP), and the grader still grading honest code correctly afterwards.
// Runs through gradeSubmission with every sandbox layer (CI installs bubblewrap and runs as root).
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { isCi } from '@tyinglab/db/testing';
import { loadExercise } from '@tyinglab/exercise-format';
import { setGraderEnvForTests } from '../config';
import { gradeSubmission, type GradeOutcome } from '../grade/grade-submission';
import { hostCapabilities, missingLayers } from './capabilities';

// Dedicated uids for this file (no warm pool), so "no survivors" can be checked by uid.
const UID_BASE = 65_000;
setGraderEnvForTests({
  GRADER_SLOT_UID_BASE: String(UID_BASE),
  GRADER_WARM_POOL: '0',
  GRADER_SANDBOX: 'strict',
  TYINGLAB_TEST_SECRET: 'sekret-env-value-4711',
});

const missing = missingLayers(hostCapabilities());
if (missing.length > 0 && isCi()) throw new Error(`the attack suite needs every sandbox layer under CI; missing: ${missing.join('; ')}`);
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

// Listeners standing for the grader's own services on this host: any connection or datagram that
// reaches one of them came out of a sandbox.
let portHits = 0;
let graderPort = 0;
/** Port of the IPv6 loopback listener; 0 on a host without IPv6 loopback. */
let graderPort6 = 0;
const onConnection = (s: net.Socket) => {
  portHits++;
  s.destroy();
};
const server = net.createServer(onConnection);
const server6 = net.createServer(onConnection);
let udpHits = 0;
let udpPort = 0;
const udpServer = dgram.createSocket('udp4', () => {
  udpHits++;
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

/**
 * Learner code (otherwise the starter) that makes a network attempt at load time and reports how it
 * ended. Network operations finish asynchronously and the child exits as soon as the probes are
 * done, so the attempt is given time to finish: the grader awaits each probe's answer,
 * tied-conv2d's first probe answers with an array, and a `then` planted on Array.prototype turns
 * that await into a wait for the attempt (it answers only for that array: tfjs asks other arrays
 * whether they are promises). The probe then fails with an error made by `verdict`. Of an error
 * thrown on hidden inputs the grader shows only its class and line (learner-text.ts), so the
 * verdict is told by where the error is made: ATTEMPT_REFUSED or ATTEMPT_GOT_THROUGH below (another
 * error code, or no answer within 2 s: a RangeError on line 5). `body` calls `done(error?)` when
 * the operation has succeeded or failed.
 */
function networkAttempt(body: string): string {
  const code = `const req: any = (process as any).mainModule.require.bind((process as any).mainModule);
function verdict(how: string): Error {
  if (how === 'refused EACCES') return new Error(how);
  if (how === 'got through') return new TypeError(how);
  return new RangeError(how);
}
const ended = new Promise<string>((settle) => {
  const done = (e?: any) => settle(e ? 'refused ' + String(e.code ?? e.message).slice(0, 40) : 'got through');
  setTimeout(() => settle('no answer'), 2000);
  try { ${body} } catch (e) { done(e); }
});
function waitForAttempt(_resolve: unknown, reject: (e: Error) => void) {
  delete (Array.prototype as any).then;
  void ended.then((how) => reject(verdict(how)));
}
Object.defineProperty(Array.prototype, 'then', {
  configurable: true,
  // Only on the first probe's answer ([{ label, weights }, …]): tfjs asks other arrays for "then" too.
  get(this: any[]) {
    const first = this[0];
    return first !== null && typeof first === 'object' && 'label' in first && 'weights' in first ? waitForAttempt : undefined;
  },
});
${def.starter}`;
  const lines = code.split('\n');
  if (!lines[2]!.includes("'refused EACCES'") || !lines[3]!.includes("'got through'")) throw new Error('networkAttempt: the verdict lines moved; update ATTEMPT_REFUSED and ATTEMPT_GOT_THROUGH');
  return code;
}

/** How the first probe of a networkAttempt submission fails when the attempt was refused with EACCES / got through. */
const ATTEMPT_REFUSED = 'threw an Error (submission.ts line 3)';
const ATTEMPT_GOT_THROUGH = 'threw a TypeError (submission.ts line 4)';

/**
 * The attempt ran to its end inside the sandbox and was refused there: the seccomp filter lets a
 * sandbox create AF_UNIX sockets only, so creating the socket fails with EACCES. Without that layer
 * the attempt would end otherwise (connected, another error, or no answer) and this fails.
 */
function expectRefused(o: GradeOutcome): void {
  expect(o.status).toBe('GRADED');
  const text = JSON.stringify(o);
  expect(text).not.toContain(ATTEMPT_GOT_THROUGH);
  expect(text).toContain(ATTEMPT_REFUSED);
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
    graderPort6 = await new Promise<number>((r) => {
      server6.once('error', () => r(0)); // no IPv6 loopback on this host
      server6.listen(0, '::1', () => r((server6.address() as net.AddressInfo).port));
    });
    await new Promise<void>((r) => udpServer.bind(0, '127.0.0.1', () => r()));
    udpPort = udpServer.address().port;
  });

  afterEach(async () => {
    // The host is untouched after every attack.
    expect(sentinelStat()).toBe(sentinelBefore);
    expect(portHits).toBe(0);
    expect(udpHits).toBe(0);
    // Processes are killed by the runner; allow the kernel a moment to reap them.
    const deadline = Date.now() + 3000;
    while (sandboxUidProcesses().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(sandboxUidProcesses()).toEqual([]);
  });

  afterAll(async () => {
    server.close();
    server6.close();
    udpServer.close();
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
    // Each attempt runs to its end and must be refused inside the sandbox (expectRefused); the
    // afterEach checks also prove that no connection or datagram reached the host's listeners.
    ['connects to 127.0.0.1 on the grader port', () => networkAttempt(`const s = req('net').connect(${graderPort}, '127.0.0.1', () => { s.end('pwned'); done(); }); s.on('error', done);`), expectRefused, 10_000],
    [
      'connects to the grader port over IPv6 loopback',
      () => networkAttempt(`const s = req('net').connect(${graderPort6 || graderPort}, '::1', () => { s.end('pwned'); done(); }); s.on('error', done);`),
      expectRefused,
      10_000,
    ],
    ['connects to the cloud metadata address', () => networkAttempt(`const s = req('net').connect(80, '169.254.169.254', () => { s.destroy(); done(); }); s.on('error', done);`), expectRefused, 10_000],
    [
      'sends UDP datagrams out (to a port listening on the host)',
      () => networkAttempt(`const s = req('dgram').createSocket('udp4'); s.on('error', done); s.send('pwned', ${udpPort}, '127.0.0.1', (e: any) => { s.close(); done(e); });`),
      expectRefused,
      10_000,
    ],
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
    // (LOAD_ERROR: the module exports nothing, and its answer travels on the channel, not behind the queued output)
    ['writes 1 GB to stdout', () => `const s = 'x'.repeat(1 << 20); for (let i = 0; i < 1024; i++) process.stdout.write(s);\nexport {};`, (o) => expectNotGradable(o, ['OUTPUT_LIMIT', 'TIME_LIMIT', 'CRASHED', 'LOAD_ERROR'])],
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
        // Neither the thrown message nor the printed list reaches the feedback: no run of the plan's
        // random floats (what the learner dumped) and not the message text itself.
        const feedback = JSON.stringify(o);
        expect(feedback).not.toContain('inputs [');
        expect(feedback).not.toMatch(/-?\d+\.\d{4,}\s*,\s*-?\d+\.\d{4,}/);
      },
    ],
  ];

  // Controls: the two harnesses report success when the sandbox lets the body run, so "blocked" and
  // "refused" above come from the sandbox, not from a harness that never attempted anything (for
  // example Node's require out of reach, or a probe answer that is no longer awaited).
  it('control: escape() reports ESCAPED for a body the sandbox allows', async () => {
    const o = await grade(escape(`return req('path').join('a', 'b');`));
    expectNotGradable(o, ['LOAD_ERROR']);
    if (o.status === 'NOT_GRADABLE') expect(o.message).toContain('ESCAPED');
  });

  it('control: networkAttempt() waits for the attempt and reports how it ended', async () => {
    const o = await grade(networkAttempt(`setTimeout(() => done(), 50);`), 10_000);
    expect(o.status).toBe('GRADED');
    expect(JSON.stringify(o)).toContain(ATTEMPT_GOT_THROUGH);
  });

  // (rest parameter: a 4th declared parameter would make jest pass a `done` callback)
  it.each(attacks)('%s', async (_name, code, assertOutcome, ...limit) => {
    const o = await grade(code(), limit[0]);
    assertOutcome(o);
  });
});
