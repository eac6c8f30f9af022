// Entry of the sandbox child (bundled to dist/sandbox/sandbox-child.cjs). Speaks protocol.ts: reads the
// setup line from stdin, loads tfjs (wasm), compiles and loads the learner module, then reads the
// plan line and runs the exercise probes; reports each step as a frame on the channel fd (argv
// `--channel-fd=N`). Learner console output goes to stderr; stdout is the learner's own.
import fs from 'node:fs';
import { format } from 'node:util';
import { initTf } from '../tf/init-tf';
import { asProbesModule, missingExports, probeModules, runProbe } from './probe-runner';
import { encodeFrame, jsonDepthExceeds, MAX_ANSWER_DEPTH, type ChildFrame, type ChildPlan, type ChildSetup, type ProbeAnswers, type ProbeResult } from './protocol';
import { CompileError, describeError, errorLocation, evaluateModule, transpileTs } from './ts-module';

// Learner code may replace globals (JSON, Buffer, fs.writeSync…) before we report: keep our own.
// Not a security boundary (a forged frame is harmless by the protocol's grammar), just robustness.
const writeSync = fs.writeSync.bind(fs);
const writeStderr = process.stderr.write.bind(process.stderr);
const exit = process.exit.bind(process);
const stringify = JSON.stringify;
const parse = JSON.parse;
const byteLength = Buffer.byteLength.bind(Buffer);
const channelFd = Number(/^--channel-fd=(\d+)$/.exec(process.argv[2] ?? '')?.[1] ?? 3);

for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
  console[level] = (...args: unknown[]) => {
    writeStderr(format(...args) + '\n');
  };
}

/** stdin as JSON lines: each call resolves with the next complete line (null at end of input). */
const lines: string[] = [];
const waiting: ((line: string | null) => void)[] = [];
let pending = '';
let stdinEnded = false;
process.stdin.setEncoding('utf8');
process.stdin.on('data', (c: string) => {
  pending += c;
  let nl: number;
  while ((nl = pending.indexOf('\n')) >= 0) {
    const line = pending.slice(0, nl);
    pending = pending.slice(nl + 1);
    const w = waiting.shift();
    if (w) w(line);
    else lines.push(line);
  }
});
process.stdin.on('end', () => {
  stdinEnded = true;
  for (const w of waiting.splice(0)) w(null);
});
function nextLine(): Promise<string | null> {
  const line = lines.shift();
  if (line !== undefined) return Promise.resolve(line);
  if (stdinEnded) return Promise.resolve(null);
  return new Promise((resolve) => waiting.push(resolve));
}

// Start loading tfjs at once: a warm-pool sandbox does this before any submission arrives.
// The .wasm files sit next to this bundle.
const tfStart = performance.now();
const tfReady = initTf({ wasmDir: __dirname + '/' });
tfReady.catch(() => undefined);

/**
 * Out-of-memory errors that learner code can catch but usually does not: the run hit its ceiling.
 * ("memory access out of bounds" is how tfjs-wasm fails once an allocation was refused.)
 */
const MEMORY_ERROR = /Array buffer allocation failed|WebAssembly\.Memory|Out of memory|out of memory|Cannot allocate memory|Aborted\(OOM\)|memory access out of bounds/;
function isMemoryError(e: unknown): boolean {
  try {
    return Object.prototype.toString.call(e) === '[object Error]' && MEMORY_ERROR.test(String((e as Error).message));
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const first = await nextLine();
  if (first === null || first.length === 0) exit(0); // the grader went away before sending work
  const setup = parse(first as string) as ChildSetup;
  const frame = (f: ChildFrame): void => {
    writeSync(channelFd, encodeFrame(setup.marker, stringify(f)));
  };
  const finish = (f: ChildFrame): never => {
    frame(f);
    // Learner code may have left timers running; never wait for them.
    exit(0);
    return undefined as never;
  };

  // Setup: only our code runs, so a failure here is ours.
  let tfReadyMs: number;
  let tf: Awaited<typeof tfReady>;
  let probes: ReturnType<typeof asProbesModule>;
  let learnerJs: string;
  try {
    tf = await tfReady;
    tfReadyMs = performance.now() - tfStart;
    probes = asProbesModule(evaluateModule(transpileTs(setup.probesSource, 'probes.ts'), 'probes.ts', probeModules(tf)));
    try {
      learnerJs = transpileTs(setup.learnerSource, setup.learnerFilename);
    } catch (e) {
      if (e instanceof CompileError) return finish({ kind: 'compile_error', message: e.message });
      throw e;
    }
  } catch (e) {
    return finish({ kind: 'internal_error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }

  // From here on learner code runs: whatever happens next is attributed to it (protocol.ts).
  frame({ kind: 'started' });
  process.exit = ((code?: number) => {
    throw new Error(`process.exit(${code ?? ''}) is not allowed in a submission`);
  }) as typeof process.exit;
  const file = setup.learnerFilename;
  let learner: Record<string, unknown>;
  try {
    learner = evaluateModule(learnerJs, file, { '@tensorflow/tfjs': tf });
  } catch (e) {
    return finish(isMemoryError(e) ? { kind: 'memory_limit' } : { kind: 'load_error', message: describeError(e, file) });
  }
  const missing = missingExports(learner, probes.requiredExports, file);
  if (missing) return finish({ kind: 'load_error', message: missing });

  // The hidden plan enters this process only now, after every line of the module's top level ran.
  frame({ kind: 'loaded' });
  const planLine = await nextLine();
  if (planLine === null) exit(0);
  const { plan } = parse(planLine as string) as ChildPlan;

  // Each probe runs against a fresh evaluation of the module, so caches the learner's code builds
  // at module level live exactly as long as the probe's scope (probe-runner.ts, runProbe).
  const reload = () => evaluateModule(learnerJs, file, { '@tensorflow/tfjs': tf });
  const answers: ProbeAnswers = {};
  for (const name of Object.keys(probes.probes)) {
    const r = plainAnswer(await runProbe(tf, learner, probes, name, plan, file, reload), file);
    if (r === 'memory') return finish({ kind: 'memory_limit' });
    answers[name] = r;
  }
  const json = stringify({ kind: 'answers', probes: answers, tfReadyMs } satisfies ChildFrame);
  const bytes = byteLength(json, 'utf8');
  if (bytes > setup.maxAnswerBytes) return finish({ kind: 'output_limit', bytes });
  writeSync(channelFd, encodeFrame(setup.marker, json));
  exit(0);
}

/**
 * A probe's value as plain JSON, serialised here, where a throwing toJSON, a Proxy trap, a cycle
 * or absurd nesting is the learner's failed probe (a failed check), not a crashed child. 'memory'
 * when the probe ran out of memory (the run is over its ceiling, like an OOM kill).
 */
function plainAnswer(r: ProbeResult, file: string): ProbeResult | 'memory' {
  if (!r.ok) return MEMORY_ERROR.test(r.error) ? 'memory' : r;
  try {
    const json = stringify(r.value);
    if (json === undefined) return { ok: true, value: undefined, ms: r.ms };
    // A little below the channel's bound, which also counts the frame's own nesting.
    const max = MAX_ANSWER_DEPTH - 8;
    if (jsonDepthExceeds(json, max)) return { ok: false, error: `RangeError: the probe's answer is nested more than ${max} levels deep`, errorClass: 'RangeError', ms: r.ms };
    return { ok: true, value: parse(json) as unknown, ms: r.ms };
  } catch (e) {
    if (isMemoryError(e)) return 'memory';
    return { ok: false, error: describeError(e, file), ...errorLocation(e, file), ms: r.ms };
  }
}

process.on('unhandledRejection', (e) => {
  writeStderr(`unhandled rejection: ${e instanceof Error ? e.stack : String(e)}\n`);
});

main().catch((e: unknown) => {
  // Before `started` this is our failure (the runner sees no final frame); after it, the learner's.
  writeStderr(`child failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  exit(70);
});
