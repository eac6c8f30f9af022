// Attacks on the grading pipeline rather than on the host: submissions that try to flood what is
// stored, to turn their own failure into an INTERNAL_ERROR (an uncounted attempt and an alert), to
// carry hidden per-run data out through names and error messages, or to fool the sandbox's
// reporting (CPU-time kills, the memory ceiling, forged protocol frames). Real sandbox, every layer,
// through gradeSubmission, like attacks.test.ts; each test states the outcome a learner must get.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isCi } from '@tyinglab/db/testing';
import { loadExercise } from '@tyinglab/exercise-format';
import { setGraderEnvForTests } from '../config';
import { gradeSubmission, type GradeOutcome } from '../grade/grade-submission';
import { loadTrustedExercise } from '../grade/trusted-exercise';
import { Rng } from '../util/rng';
import { hostCapabilities, missingLayers } from './capabilities';

// Own uids (no warm pool), so "no survivors" is checked for this file's sandboxes only.
const UID_BASE = 65_100;
setGraderEnvForTests({ GRADER_SLOT_UID_BASE: String(UID_BASE), GRADER_WARM_POOL: '0', GRADER_SANDBOX: 'strict' });

const missing = missingLayers(hostCapabilities());
if (missing.length > 0 && isCi()) throw new Error(`the attack suite needs every sandbox layer under CI; missing: ${missing.join('; ')}`);
const describeFull = missing.length === 0 ? describe : describe.skip;

jest.setTimeout(120_000);

const def = loadExercise('tied-conv2d');
const solution = fs.readFileSync(path.join(def.dir, 'solution.ts'), 'utf8');
const LIMIT_MS = 5000;
/** The whole GRADED result must stay this small, whatever the submission. */
const MAX_RESULT_BYTES = 64 * 1024;

/** Processes of this file's sandbox uids; zombies (dead, not yet reaped by us) only with `zombies`. */
function sandboxUidProcesses(zombies = true): string[] {
  const out = execFileSync('ps', ['-e', '-o', 'uid=,stat=,pid=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((l) => {
    const [uid, stat] = l.trim().split(/\s+/);
    return Number(uid) >= UID_BASE && Number(uid) < UID_BASE + 64 && (zombies || !stat?.startsWith('Z'));
  });
}

const grade = (code: string, timeLimitMs = LIMIT_MS, seed?: string): Promise<GradeOutcome> => gradeSubmission({ exercise: def, code, timeLimitMs, ...(seed ? { seed } : {}) });

/** The learner's own failure: never INTERNAL_ERROR. */
function expectLearnersFault(o: GradeOutcome): void {
  expect(o.status).not.toBe('INTERNAL_ERROR');
  expect(['GRADED', 'NOT_GRADABLE']).toContain(o.status);
  if (o.status === 'GRADED') expect(o.score).toBeLessThan(1);
}

function expectNotGradable(o: GradeOutcome, reason: string): void {
  expect({ status: o.status, reason: (o as { reason?: string }).reason }).toEqual({ status: 'NOT_GRADABLE', reason });
}

/** A starter-like layer whose output is zeros: loads, answers every probe, scores low. */
const zerosLayer = (extra = ''): string => `import * as tf from '@tensorflow/tfjs';
export function createTiedConv2d({ inChannels, outChannels, kernelSize }: any) {
  const kernel = tf.variable(tf.zeros([kernelSize, kernelSize, inChannels, outChannels]));
  const bias = tf.variable(tf.zeros([outChannels]));
  ${extra}
  return { weights: () => ({ kernel, bias }), apply: (x: tf.Tensor4D) => tf.zeros([x.shape[0], x.shape[1], x.shape[2], outChannels]) as tf.Tensor4D };
}`;

// --- The learner knows the frame marker --------------------------------------------------------------
// Learner code shares the child's process, so it can learn anything the child knows. The tests below
// give it the marker outright (the runner's random bytes are pinned), the worst case: the protocol's
// grammar, not the marker's secrecy, must keep a forged frame from doing harm.
const KNOWN_MARKER = `TYINGLAB-FRAME-${'ab'.repeat(16)}`;
async function withKnownMarker<T>(f: () => Promise<T>): Promise<T> {
  const real = crypto.randomBytes.bind(crypto);
  const spy = jest.spyOn(crypto, 'randomBytes').mockImplementation(((n: number) => (n === 16 ? Buffer.alloc(16, 0xab) : real(n))) as typeof crypto.randomBytes);
  try {
    return await f();
  } finally {
    spy.mockRestore();
  }
}

/**
 * Learner code that writes `frameJs` (a JS expression for the frame's JSON text) on the channel fd:
 * while its module loads, or in the first probe (after the child said "loaded", so an answers
 * frame is in its place); then exits at once, or lets the child go on.
 */
function forge(frameJs: string, when: 'load' | 'probe', then: 'exit' | 'continue'): string {
  const write = `{
    const fd = Number(process.argv.find((a) => a.startsWith('--channel-fd='))!.split('=')[1]);
    const json: string = ${frameJs};
    (process as any).mainModule.require('fs').writeSync(fd, '${KNOWN_MARKER} ' + Buffer.byteLength(json) + '\\n' + json + '\\n');
    ${then === 'exit' ? '(process as any).reallyExit(0);' : ''}
  }`;
  return when === 'load' ? `${write}\n${zerosLayer()}` : zerosLayer(write);
}

describeFull('hardening attacks', () => {
  afterEach(async () => {
    const deadline = Date.now() + 3000;
    while (sandboxUidProcesses().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(sandboxUidProcesses()).toEqual([]);
  });

  afterAll(async () => {
    // Still grading honest code correctly after everything above.
    expect(await grade(solution, 10_000)).toMatchObject({ status: 'GRADED', score: 1 });
  });

  // --- 1. Unbounded learner text ----------------------------------------------------------------------
  describe('learner text is bounded before it is stored', () => {
    it('declares 250 weights with long names: the result stays small and names no learner-chosen text', async () => {
      const o = await grade(
        zerosLayer(`const many: Record<string, tf.Variable> = {};
  for (let i = 0; i < 250; i++) many['w' + String(i).padStart(3, '0') + 'x'.repeat(60)] = tf.variable(tf.zeros([1]));
  return { weights: () => ({ kernel, bias, ...many }), apply: (x: tf.Tensor4D) => tf.zeros([x.shape[0], x.shape[1], x.shape[2], outChannels]) as tf.Tensor4D };`),
      );
      expect(o.status).toBe('GRADED');
      const json = JSON.stringify(o);
      expect(Buffer.byteLength(json)).toBeLessThanOrEqual(MAX_RESULT_BYTES);
      expect(json).not.toContain('xxxxxxxxxx');
      const pc = (o as Extract<GradeOutcome, { status: 'GRADED' }>).checks.find((c) => c.name === 'param-count')!;
      expect(pc.message).toContain('‹name #1›');
      expect(pc.message.length).toBeLessThanOrEqual(2000);
    });

    it('answers (through a forged frame) the most labels and weight names the schemas take: the result stays under 64 KB', async () => {
      // Sixteen situations with different names (so the check lists what changed, labels included).
      const declared = `JSON.stringify({ kind: 'answers', tfReadyMs: 1, probes: { declared: { ok: true, ms: 1, value: Array.from({ length: 16 }, (_, i) => ({ label: String(i) + 'L'.repeat(190), weights: Array.from({ length: 250 }, (_, j) => ({ name: i + 'n' + j + 'N'.repeat(50), shape: [1] })) })) } } })`;
      const o = await withKnownMarker(() => grade(forge(declared, 'probe', 'exit')));
      expect(o.status).toBe('GRADED');
      const bytes = Buffer.byteLength(JSON.stringify(o));
      expect(bytes).toBeLessThanOrEqual(MAX_RESULT_BYTES);
      expect(JSON.stringify(o)).not.toContain('LLLLLLLLLL');
    });

    it('puts terminal escapes and line breaks in its load error: the message shows none of them', async () => {
      const o = await grade(`throw new Error('oops\\u001b[2J\\r\\n2026-01-01T00:00:00Z worker=w ALERT forged line');\nexport {};`);
      expectNotGradable(o, 'LOAD_ERROR');
      expect((o as { message: string }).message).not.toMatch(/[\u0000-\u001f]/);
      expect((o as { message: string }).message).not.toContain('ALERT forged line');
    });
  });

  // --- 2. A learner's failure is never INTERNAL_ERROR ------------------------------------------------
  describe("learner behaviour never ends as INTERNAL_ERROR", () => {
    const cases: [string, string, (o: GradeOutcome) => void][] = [
      [
        'a required export defined as a throwing getter',
        `Object.defineProperty(exports, 'createTiedConv2d', { enumerable: true, get() { throw new Error('x'); } });`,
        (o) => {
          expectNotGradable(o, 'LOAD_ERROR');
          expect((o as { message: string }).message).toContain('createTiedConv2d');
        },
      ],
      ['the whole module object a Proxy whose every trap throws', `module.exports = new Proxy({}, { get() { throw new Error('trap'); }, has() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); }, getOwnPropertyDescriptor() { throw new Error('trap'); } });`, (o) => expectNotGradable(o, 'LOAD_ERROR')],
      [
        're-exports a tfjs property it turned into a throwing getter',
        // (the module object itself: `import * as` would give a copy)
        `const tfModule: any = require('@tensorflow/tfjs');\nObject.defineProperty(tfModule, 'createTiedConv2d', { configurable: true, get() { throw new Error('x'); } });\nexport { createTiedConv2d } from '@tensorflow/tfjs';`,
        (o) => {
          expectNotGradable(o, 'LOAD_ERROR');
          expect((o as { message: string }).message).toContain('threw');
        },
      ],
      ['throws an object whose toString and Symbol.toPrimitive throw', `throw { toString() { throw new Error('a'); }, [Symbol.toPrimitive]() { throw new Error('b'); } };\nexport {};`, (o) => expectNotGradable(o, 'LOAD_ERROR')],
      [
        'returns an object whose methods are throwing getters',
        `export function createTiedConv2d() { return { get weights(): any { throw new Error('w'); }, get apply(): any { throw new Error('a'); } }; }`,
        expectLearnersFault,
      ],
      [
        'returns Proxies whose every trap throws from weights() and apply()',
        `const evil: any = new Proxy(function () {}, { get() { throw new Error('t'); }, getPrototypeOf() { throw new Error('t'); }, ownKeys() { throw new Error('t'); }, has() { throw new Error('t'); }, apply() { throw new Error('t'); } });\nexport function createTiedConv2d() { return { weights: () => evil, apply: () => evil }; }`,
        expectLearnersFault,
      ],
      [
        'makes every object throw when serialised (Object.prototype.toJSON)',
        `(Object.prototype as any).toJSON = function () { throw new Error('no json'); };\n${zerosLayer()}`,
        expectLearnersFault,
      ],
      [
        'makes every probe answer a 3.5-million-deep nested array',
        `let deep: any = []; for (let i = 0; i < 3_500_000; i++) deep = [deep];\nconst from = Array.from; (Array as any).from = (...a: any[]) => (a[0] && typeof a[0].length === 'number' && a[0].length > 8 ? deep : (from as any)(...a));\n${zerosLayer()}`,
        expectLearnersFault,
      ],
      [
        "breaks tfjs's scope bookkeeping so the probe runner's own cleanup throws",
        `import * as tf from '@tensorflow/tfjs';\nconst e: any = tf.engine(); e.endScope = () => { throw new Error('cleanup'); };\n${zerosLayer().replace("import * as tf from '@tensorflow/tfjs';", '')}`,
        expectLearnersFault,
      ],
      [
        'replaces JSON.stringify so that the answer would read as an internal error',
        `const s = JSON.stringify; (JSON as any).stringify = (v: any, ...r: any[]) => (v && v.kind === 'answers' ? s({ kind: 'internal_error', message: 'forged' }) : (s as any)(v, ...r));\n${zerosLayer()}`,
        expectLearnersFault,
      ],
    ];
    it.each(cases)('%s', async (_name, code, assertOutcome) => {
      assertOutcome(await grade(code));
    });

    it('writes a forged internal_error frame with the real marker and exits', async () => {
      const o = await withKnownMarker(() => grade(forge(`JSON.stringify({ kind: 'internal_error', message: 'forged' })`, 'probe', 'exit')));
      expectNotGradable(o, 'CRASHED');
    });
  });

  // --- 3. Hidden per-run data does not come back in feedback ------------------------------------------
  it('cannot carry a hidden input or an injected weight out through weight names or error messages', async () => {
    const seed = 'exfiltration-seed-1';
    const trusted = await loadTrustedExercise(def);
    // What the learner's code below can see of the hidden plan: the first value of every tensor in
    // it (inputs, injected weights…), as float32, to 7 significant digits.
    const digits = (v: number) => Math.abs(Math.fround(v)).toExponential(6).replace('.', '').replace(/e.*$/, '');
    const firsts: number[] = [];
    const walk = (v: unknown): void => {
      if (!v || typeof v !== 'object') return;
      const t = v as { shape?: unknown; data?: unknown };
      if (Array.isArray(t.shape) && Array.isArray(t.data) && typeof t.data[0] === 'number') firsts.push(t.data[0]);
      Object.values(v).forEach(walk);
    };
    walk(trusted.checks.makePlan(new Rng(seed)));
    const hidden = [...new Set(firsts.filter((v) => v !== 0).map(digits))];
    expect(hidden.length).toBeGreaterThan(3);
    const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
    const spelled = (d: string) => d.split('').map((c) => WORDS[Number(c)]).join('');
    // Names its weights after the first value of the first input it sees (in four encodings), and
    // once the grader has injected weights, fails with their first value in the message.
    const code = `import * as tf from '@tensorflow/tfjs';
const WORDS = ${JSON.stringify(WORDS)};
const digits = (v: number) => Math.abs(v).toExponential(6).replace('.', '').replace(/e.*$/, '');
const spelled = (d: string) => d.split('').map((c) => WORDS[Number(c)]).join('');
export function createTiedConv2d({ inChannels, outChannels, kernelSize }: any) {
  const kernel = tf.variable(tf.zeros([kernelSize, kernelSize, inChannels, outChannels]));
  const bias = tf.variable(tf.zeros([outChannels]));
  const named: Record<string, tf.Variable> = {};
  return {
    weights: () => ({ kernel, bias, ...named }),
    apply: (x: tf.Tensor4D) => {
      const d = digits(x.dataSync()[0]!); // a hidden input
      if (Object.keys(named).length === 0) for (const name of ['w' + d, spelled(d), 'b64' + btoa(d), 'hex' + Buffer.from(d).toString('hex')]) named[name] = tf.variable(tf.zeros([1]));
      const k = kernel.dataSync()[0]!;
      if (k !== 0) { const w = digits(k); throw new RangeError('leak ' + w + ' ' + spelled(w) + ' ' + btoa(w) + ' ' + d); } // an injected weight
      return tf.zeros([x.shape[0], x.shape[1], x.shape[2], outChannels]) as tf.Tensor4D;
    },
  };
}`;
    const o = await grade(code, 10_000, seed);
    expect(o.status).toBe('GRADED');
    const feedback = JSON.stringify((o as Extract<GradeOutcome, { status: 'GRADED' }>).checks);
    for (const d of hidden) {
      expect(d).toMatch(/^\d{7}$/);
      for (const encoded of [d, spelled(d), btoa(d), Buffer.from(d).toString('hex')]) expect(feedback).not.toContain(encoded);
    }
    // What the learner does get: which line threw, and which weights are unexpected (by placeholder).
    expect(feedback).toMatch(/threw a RangeError \(submission\.ts line \d+\)/);
    expect(feedback).toContain('‹name #1›');
  });

  // --- 4. Sandbox reporting ------------------------------------------------------------------------------
  it('is killed for CPU time while the grader is too busy to fire its wall-clock timer: TIME_LIMIT, not CRASHED', async () => {
    // As soon as the sandbox exists, the trusted process blocks (as a long reference computation
    // can) until the child is gone: only RLIMIT_CPU can end it, with SIGXCPU, before the wall
    // clock is looked at. Waiting for the child rather than for a fixed time keeps this
    // independent of how loaded the machine is.
    const blockWhileSandboxRuns = setInterval(() => {
      if (sandboxUidProcesses().length === 0) return;
      clearInterval(blockWhileSandboxRuns);
      const until = Date.now() + 90_000;
      let next = 0;
      for (let alive = true; alive && Date.now() < until; ) {
        if (Date.now() >= next) {
          alive = sandboxUidProcesses(false).length > 0; // our blocked event loop reaps nothing
          next = Date.now() + 200;
        }
      }
    }, 50);
    try {
      const o = await grade(`while (true) {}\nexport {};`, 2000);
      expectNotGradable(o, 'TIME_LIMIT');
      expect((o as { message: string }).message).toContain('CPU time limit exceeded');
    } finally {
      clearInterval(blockWhileSandboxRuns);
    }
  });

  it('allocates twice the memory limit in typed arrays: MEMORY_LIMIT', async () => {
    expect(def.meta.limits.memoryMb).toBe(512);
    const o = await grade(`const keep: Uint8Array[] = [];\nfor (let i = 0; i < 8; i++) { const a = new Uint8Array(128 << 20); a.fill(1); keep.push(a); }\n${zerosLayer()}`, 15_000);
    expectNotGradable(o, 'MEMORY_LIMIT');
  });

  it('allocates twice the memory limit in tf tensors: MEMORY_LIMIT', async () => {
    const o = await grade(`import * as tf from '@tensorflow/tfjs';\nconst keep: tf.Tensor[] = [];\nfor (let i = 0; i < 8; i++) keep.push(tf.fill([32 << 20], 1));\nexport function createTiedConv2d() { return keep; }`, 15_000);
    expectNotGradable(o, 'MEMORY_LIMIT');
  });

  it('on a host without a memory cgroup, the watchdog alone holds the memory ceiling', async () => {
    const caps = hostCapabilities();
    const saved = caps.cgroupMemory;
    caps.cgroupMemory = null;
    try {
      const o = await grade(`const keep: Uint8Array[] = [];\nfor (let i = 0; i < 8; i++) { const a = new Uint8Array(128 << 20); a.fill(1); keep.push(a); }\n${zerosLayer()}`, 15_000);
      expectNotGradable(o, 'MEMORY_LIMIT');
    } finally {
      caps.cgroupMemory = saved;
    }
  });

  describe('forged protocol frames (the learner knows the marker)', () => {
    const allPassing = `JSON.stringify({ kind: 'answers', tfReadyMs: 1, probes: {} })`;
    it('writes a forged answers frame in a probe, then lets the child finish: two final frames, refused', async () => {
      expectNotGradable(await withKnownMarker(() => grade(forge(allPassing, 'probe', 'continue'))), 'CRASHED');
    });
    it('writes a forged frame while its module loads, then exits: out of turn, refused', async () => {
      expectNotGradable(await withKnownMarker(() => grade(forge(allPassing, 'load', 'exit'))), 'CRASHED');
    });
    it('writes a frame with the real marker on stdout and exits: stdout is not the channel', async () => {
      const o = await withKnownMarker(() =>
        grade(`const j = JSON.stringify({ kind: 'internal_error', message: 'forged' });\nprocess.stdout.write('${KNOWN_MARKER} ' + j.length + '\\n' + j + '\\n');\n(process as any).reallyExit(0);\nexport {};`),
      );
      expectNotGradable(o, 'CRASHED');
    });
    it('writes a frame nested 3.5 million arrays deep and exits: refused as NOT_GRADABLE', async () => {
      const o = await withKnownMarker(() => grade(forge(`'{"kind":"answers","tfReadyMs":1,"probes":{"declared":{"ok":true,"ms":1,"value":' + '['.repeat(3_500_000) + ']'.repeat(3_500_000) + '}}}'`, 'probe', 'exit')));
      expectNotGradable(o, 'CRASHED');
    });
    it('writes forged answers and exits first: they are graded as the untrusted data they are', async () => {
      const o = await withKnownMarker(() => grade(forge(allPassing, 'probe', 'exit')));
      // No probe answered: every check fails with a message, and nothing is an internal error.
      expect(o).toMatchObject({ status: 'GRADED', score: 0 });
    });
  });
});
