// Entry of the sandbox child (bundled to dist/sandbox-child.cjs). Reads one ChildRequest from
// stdin, loads tfjs (wasm), compiles and runs the learner module through the exercise probes, and
// writes one framed ChildResponse to stdout. Learner console output goes to stderr.
import { format } from 'node:util';
import { initTf } from '../tf/init-tf';
import { asProbesModule, missingExports, probeModules, runProbes } from './probe-runner';
import { encodeFrame, type ChildRequest, type ChildResponse } from './protocol';
import { CompileError, describeError, evaluateModule, transpileTs } from './ts-module';

const writeStdout = process.stdout.write.bind(process.stdout);
const writeStderr = process.stderr.write.bind(process.stderr);
const exit = process.exit.bind(process);

for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
  console[level] = (...args: unknown[]) => {
    writeStderr(format(...args) + '\n');
  };
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

// Start loading tfjs at once: a warm-pool sandbox does this before any submission arrives.
// The .wasm files sit next to this bundle.
const tfStart = performance.now();
const tfReady = initTf({ wasmDir: __dirname + '/' });
tfReady.catch(() => undefined);

async function main(): Promise<void> {
  const raw = await readStdin();
  if (raw.length === 0) exit(0); // the grader went away before sending work
  const req = JSON.parse(raw) as ChildRequest;
  const marker = req.marker;
  const send = (res: ChildResponse): never => {
    let json = JSON.stringify(res);
    if (Buffer.byteLength(json, 'utf8') > req.maxAnswerBytes) json = JSON.stringify({ kind: 'output_limit', bytes: Buffer.byteLength(json, 'utf8') });
    writeStdout(encodeFrame(marker, json), () => exit(0));
    // Learner code may have left timers running; never wait for them.
    setTimeout(() => exit(0), 2000).unref();
    return undefined as never;
  };

  let response: ChildResponse;
  try {
    const tf = await tfReady;
    const tfReadyMs = performance.now() - tfStart;
    const probes = asProbesModule(evaluateModule(transpileTs(req.probesSource, 'probes.ts'), 'probes.ts', probeModules(tf)));
    let learnerJs: string;
    try {
      learnerJs = transpileTs(req.learnerSource, req.learnerFilename);
    } catch (e) {
      if (e instanceof CompileError) return send({ kind: 'compile_error', message: e.message });
      throw e;
    }
    // From here on learner code runs; it may not end the process itself.
    process.exit = ((code?: number) => {
      throw new Error(`process.exit(${code ?? ''}) is not allowed in a submission`);
    }) as typeof process.exit;
    let learner: Record<string, unknown>;
    try {
      learner = evaluateModule(learnerJs, req.learnerFilename, { '@tensorflow/tfjs': tf });
    } catch (e) {
      return send({ kind: 'load_error', message: describeError(e, req.learnerFilename) });
    }
    const missing = missingExports(learner, probes.requiredExports);
    if (missing) return send({ kind: 'load_error', message: missing });
    const answers = await runProbes(tf, learner, probes, req.plan, req.learnerFilename);
    response = { kind: 'answers', probes: answers, tfReadyMs };
  } catch (e) {
    response = { kind: 'internal_error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  send(response);
}

process.on('unhandledRejection', (e) => {
  writeStderr(`unhandled rejection: ${e instanceof Error ? e.stack : String(e)}\n`);
});

main().catch((e: unknown) => {
  writeStderr(`child failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  exit(70);
});
