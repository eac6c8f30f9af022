// Trusted side of the sandbox: spawns one fresh child per submission in its own process group,
// feeds it the request, enforces wall-clock/output limits and decodes the framed response.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ensureChildBundle } from './build-child';
import { defaultLayers, type SandboxLayer, type SandboxLimits, type SpawnSpec } from './layers';
import { childResponseSchema, decodeFrame, type ChildRequest, type ChildResponse } from './protocol';

export type SandboxResult =
  | { kind: 'response'; response: ChildResponse; durationMs: number; stderrTail: string }
  | { kind: 'time_limit'; durationMs: number; stderrTail: string }
  | { kind: 'memory_limit'; durationMs: number; stderrTail: string }
  | { kind: 'output_limit'; durationMs: number; stderrTail: string }
  | { kind: 'crashed'; durationMs: number; stderrTail: string; exitCode: number | null; signal: string | null; detail: string };

export const DEFAULT_LIMITS: SandboxLimits = {
  timeLimitMs: 10_000,
  memoryMb: 512,
  maxStdoutBytes: 8 * 1024 * 1024,
  maxStderrBytes: 64 * 1024,
};

export interface RunChildOptions {
  limits?: Partial<SandboxLimits>;
  layers?: SandboxLayer[];
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Runs the request in a fresh child process. Never throws for anything the child does. */
export async function runChild(request: Omit<ChildRequest, 'marker' | 'maxAnswerBytes'>, options: RunChildOptions = {}): Promise<SandboxResult> {
  const limits: SandboxLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const bundle = ensureChildBundle();
  const marker = `TYINGLAB-FRAME-${randomBytes(16).toString('hex')}`;
  const full: ChildRequest = { ...request, marker, maxAnswerBytes: limits.maxStdoutBytes - 1024 };

  let spec: SpawnSpec = { command: process.execPath, args: [bundle], env: { ...process.env } as Record<string, string>, cwd: path.dirname(bundle) };
  for (const layer of options.layers ?? defaultLayers()) spec = layer.apply(spec, limits);

  const t0 = performance.now();
  const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });

  const stdout: Buffer[] = [];
  let stdoutBytes = 0;
  let stderr = '';
  let outputExceeded = false;
  let timedOut = false;

  child.stdout.on('data', (c: Buffer) => {
    stdoutBytes += c.length;
    if (stdoutBytes > limits.maxStdoutBytes) {
      outputExceeded = true;
      killGroup(child.pid);
      return;
    }
    stdout.push(c);
  });
  child.stderr.on('data', (c: Buffer) => {
    // Keep only the tail: enough for internal logs, bounded memory.
    stderr = (stderr + c.toString('utf8')).slice(-limits.maxStderrBytes);
  });
  child.stdin.on('error', () => undefined); // child may die before reading everything
  child.stdin.end(JSON.stringify(full));

  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid);
  }, limits.timeLimitMs);

  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('error', () => resolve({ code: null, signal: null }));
    child.on('close', (c, s) => resolve({ code: c, signal: s }));
  });
  clearTimeout(timer);
  killGroup(child.pid); // nothing of this submission outlives it
  const durationMs = performance.now() - t0;
  const stderrTail = stderr;

  if (timedOut) return { kind: 'time_limit', durationMs, stderrTail };
  if (outputExceeded) return { kind: 'output_limit', durationMs, stderrTail };
  if (/heap out of memory|Allocation failed|Out of memory|RangeError: WebAssembly\.Memory/i.test(stderr) && !stdoutBytes) {
    return { kind: 'memory_limit', durationMs, stderrTail };
  }
  const frame = decodeFrame(Buffer.concat(stdout), marker);
  if (frame === null) {
    if (/heap out of memory|Allocation failed/i.test(stderr)) return { kind: 'memory_limit', durationMs, stderrTail };
    return { kind: 'crashed', durationMs, stderrTail, exitCode: code, signal, detail: 'no valid response frame on stdout' };
  }
  const parsed = childResponseSchema.safeParse(frame);
  if (!parsed.success) {
    return { kind: 'crashed', durationMs, stderrTail, exitCode: code, signal, detail: `malformed response frame: ${parsed.error.issues[0]?.message ?? ''}` };
  }
  if (parsed.data.kind === 'output_limit') return { kind: 'output_limit', durationMs, stderrTail };
  return { kind: 'response', response: parsed.data, durationMs, stderrTail };
}
