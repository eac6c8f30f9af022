// Trusted side of the sandbox. A SandboxProcess is one fresh, fully wrapped child (layers.ts) that
// serves exactly one submission; the warm pool starts the next one ahead of time (tfjs loaded,
// waiting on stdin) so a submission does not pay the start-up. Never throws for anything the child
// does: every way a child can end maps to a SandboxResult.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { graderConfig } from '../config';
import { ensureChildBundle } from './build-child';
import { hostCapabilities, missingLayers, type HostCapabilities, type LayerName } from './capabilities';
import { prepareSlotCgroup, type SlotCgroup } from './cgroup';
import { buildSandboxCommand, cpuSecondsFor, SANDBOX_TASK_LIMIT, SIGXCPU_EXIT_STATUS, type SandboxLimits } from './layers';
import { ChildConversation, type ChildPlan, type ChildRequest, type ChildResponse, type ChildSetup } from './protocol';
import { acquireSlot, type SlotLease } from './slots';
import { sampleProcessTree } from './watchdog';

export type { SandboxLimits } from './layers';

/** The final frames the runner passes on as a response (the limit frames become limit results). */
export type SandboxResponse = Extract<ChildResponse, { kind: 'answers' | 'compile_error' | 'load_error' | 'internal_error' }>;

export type SandboxResult =
  | { kind: 'response'; response: SandboxResponse; durationMs: number; stderrTail: string; layers: LayerName[] }
  | { kind: 'time_limit'; durationMs: number; stderrTail: string; layers: LayerName[]; cpu: boolean }
  | { kind: 'memory_limit'; durationMs: number; stderrTail: string; layers: LayerName[] }
  | { kind: 'output_limit'; durationMs: number; stderrTail: string; layers: LayerName[] }
  | {
      kind: 'crashed';
      durationMs: number;
      stderrTail: string;
      layers: LayerName[];
      exitCode: number | null;
      signal: string | null;
      detail: string;
      /** False when the child died before any learner code ran: then it is our fault, not the learner's. */
      learnerStarted: boolean;
    };

/** How often the watchdog samples the sandbox's memory and CPU time. */
const WATCHDOG_MS = 100;

export const DEFAULT_LIMITS: SandboxLimits = {
  timeLimitMs: 10_000,
  memoryMb: 512,
  maxStdoutBytes: 8 * 1024 * 1024,
  maxStderrBytes: 64 * 1024,
};

export class SandboxUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxUnavailableError';
  }
}

let warned = false;
/** Checks the host against the configured policy: strict refuses, auto warns loudly once. */
export function checkSandboxPolicy(caps: HostCapabilities = hostCapabilities()): void {
  const missing = missingLayers(caps);
  if (missing.length === 0) return;
  if (graderConfig().GRADER_SANDBOX === 'strict') {
    throw new SandboxUnavailableError(`GRADER_SANDBOX=strict: refusing to run learner code without every sandbox layer. Missing: ${missing.join('; ')}`);
  }
  if (!warned) {
    warned = true;
    const bar = '!'.repeat(78);
    console.warn(
      `\n${bar}\n!! SANDBOX DEGRADED: learner code runs with fewer isolation layers than designed.\n!! Missing: ${missing.join('\n!!          ')}\n!! Install bubblewrap and run the grader as root (it drops to per-slot users), or set\n!! GRADER_SANDBOX=strict to refuse grading instead. See README "Deploying the grader".\n${bar}\n`,
    );
  }
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

const MEMORY_TEXT = /heap out of memory|Allocation failed|Out of memory|RangeError: WebAssembly\.Memory|Array buffer allocation failed|Cannot allocate memory|ENOMEM/i;

/** One sandbox child, started now, serving exactly one request. */
export class SandboxProcess {
  readonly limits: SandboxLimits;
  readonly layers: LayerName[];
  readonly startedAt = performance.now();
  private readonly child: ChildProcess;
  private readonly channelFd: number;
  private readonly channel: Buffer[] = [];
  private conversation: ChildConversation | null = null;
  private stdoutBytes = 0;
  private stderr = '';
  private outputExceeded = false;
  private memoryExceeded = false;
  private cpuExceeded = false;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private used = false;

  private constructor(
    limits: SandboxLimits,
    private readonly slot: SlotLease,
    private readonly cgroup: SlotCgroup | null,
  ) {
    this.limits = limits;
    const caps = hostCapabilities();
    const bundle = ensureChildBundle();
    const spec = buildSandboxCommand({
      caps,
      bundleDir: path.dirname(bundle),
      limits,
      uid: graderConfig().GRADER_SLOT_UID_BASE + slot.slot,
      cgroupProcs: cgroup?.procsFiles ?? [],
      cgroupLayers: cgroup ? ([caps.cgroupMemory && 'cgroup-memory', caps.cgroupPids && 'cgroup-pids'].filter(Boolean) as LayerName[]) : [],
    });
    this.layers = spec.layers;
    this.channelFd = spec.channelFd;
    // Only fds 0–2, the seccomp program for bwrap (which bwrap consumes) and the channel reach the child.
    this.child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['pipe', 'pipe', 'pipe', ...spec.extraFds, 'pipe'] });
    for (const fd of spec.extraFds) fs.closeSync(fd);
    // An idle warm sandbox must not keep the worker (or a test run) alive on its own; run() refs it.
    this.setRef(false);

    // stdout is the learner's: counted against the output limit, never read.
    this.child.stdout!.on('data', (c: Buffer) => {
      this.stdoutBytes += c.length;
      if (this.stdoutBytes > limits.maxStdoutBytes) {
        this.outputExceeded = true;
        this.kill();
      }
    });
    // The child speaks only after run() sent the setup; anything earlier waits for the conversation
    // to judge it (as a violation).
    (this.child.stdio[this.channelFd] as Readable).on('data', (c: Buffer) => {
      if (this.conversation) this.conversation.push(c);
      else this.channel.push(c);
      if (this.conversation?.violation) this.kill(); // the learner broke the protocol: stop at once
    });
    this.child.stderr!.on('data', (c: Buffer) => {
      // Keep only the tail: enough for internal logs, bounded memory. Never shown to learners.
      this.stderr = (this.stderr + c.toString('utf8')).slice(-limits.maxStderrBytes);
    });
    this.child.stdin!.on('error', () => undefined); // the child may die before reading everything
    this.exited = new Promise((resolve) => {
      this.child.on('error', () => resolve((this.exitInfo = { code: null, signal: null })));
      this.child.on('close', (code, signal) => resolve((this.exitInfo = { code, signal })));
    });
    void this.exited.then(() => this.cleanup());
  }

  static async start(limits: SandboxLimits): Promise<SandboxProcess> {
    const caps = hostCapabilities();
    checkSandboxPolicy(caps);
    const slot = await acquireSlot();
    try {
      const cgroup = prepareSlotCgroup({ memory: caps.cgroupMemory, pids: caps.cgroupPids }, slot.slot, {
        // Everything the sandbox allocates counts here (heap, Buffers, wasm memory, /tmp pages):
        // the documented ceiling, exactly.
        memoryBytes: limits.memoryMb * 1024 * 1024,
        maxTasks: SANDBOX_TASK_LIMIT,
      });
      return new SandboxProcess(limits, slot, cgroup);
    } catch (e) {
      slot.release();
      throw e;
    }
  }

  private setRef(on: boolean): void {
    const op = on ? 'ref' : 'unref';
    this.child[op]();
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr, this.child.stdio[this.channelFd]]) (s as unknown as Record<string, (() => void) | undefined> | null)?.[op]?.();
  }

  get alive(): boolean {
    return this.exitInfo === null;
  }

  kill(): void {
    killGroup(this.child.pid);
    this.cgroup?.killAll();
  }

  private cleanup(): void {
    this.kill(); // nothing of this submission outlives it
    this.slot.release();
  }

  /**
   * Sends the one request and waits for the answer or a limit: the setup at once, the plan only
   * when the child reports the learner module loaded (protocol.ts).
   */
  async run(request: ChildRequest): Promise<SandboxResult> {
    if (this.used) throw new Error('a sandbox serves exactly one submission');
    this.used = true;
    this.setRef(true);
    const limits = this.limits;
    const marker = `TYINGLAB-FRAME-${randomBytes(16).toString('hex')}`;
    const { plan, ...rest } = request;
    const setup: ChildSetup = { ...rest, marker, maxAnswerBytes: limits.maxStdoutBytes - 1024 };
    const conversation = new ChildConversation(marker, limits.maxStdoutBytes, () => {
      this.child.stdin!.end(`${JSON.stringify({ plan } satisfies ChildPlan)}\n`);
    });
    this.conversation = conversation;
    for (const c of this.channel.splice(0)) conversation.push(c);
    const t0 = performance.now();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.kill();
    }, limits.timeLimitMs);
    const watchdog = this.startWatchdog();
    this.child.stdin!.write(`${JSON.stringify(setup)}\n`);
    const { code, signal } = await this.exited;
    clearTimeout(timer);
    clearInterval(watchdog);
    this.kill();
    const durationMs = performance.now() - t0;
    const stderrTail = this.stderr;
    const layers = this.layers;

    // The OOM killer first: a process thrashing at its memory limit may also run out of time.
    if (this.cgroup?.oomKilled() || this.memoryExceeded) return { kind: 'memory_limit', durationMs, stderrTail, layers };
    // RLIMIT_CPU's soft limit sends SIGXCPU; bwrap reports the death as exit status 128 + 24.
    if (this.cpuExceeded || signal === 'SIGXCPU' || code === SIGXCPU_EXIT_STATUS) return { kind: 'time_limit', durationMs, stderrTail, layers, cpu: true };
    if (timedOut) return { kind: 'time_limit', durationMs, stderrTail, layers, cpu: false };
    if (this.outputExceeded) return { kind: 'output_limit', durationMs, stderrTail, layers };
    const crashed = (detail: string): SandboxResult => ({ kind: 'crashed', durationMs, stderrTail, layers, exitCode: code, signal, detail, learnerStarted: conversation.learnerStarted });
    if (conversation.violation) return crashed(`protocol violation: ${conversation.violation}`);
    const final = conversation.final;
    if (final === null) {
      if (conversation.learnerStarted && MEMORY_TEXT.test(stderrTail)) return { kind: 'memory_limit', durationMs, stderrTail, layers };
      return crashed(`no final frame (phase ${conversation.phase})`);
    }
    switch (final.kind) {
      case 'output_limit':
        return { kind: 'output_limit', durationMs, stderrTail, layers };
      case 'memory_limit':
        return { kind: 'memory_limit', durationMs, stderrTail, layers };
      default:
        return { kind: 'response', response: final, durationMs, stderrTail, layers };
    }
  }

  /**
   * Samples the process tree's resident memory and CPU time: the memory ceiling on hosts without a
   * memory cgroup (and a second guard with one), and CPU time when the wall clock's timer is late
   * (the trusted process was busy computing the reference).
   */
  private startWatchdog(): NodeJS.Timeout {
    const pid = this.child.pid;
    const memoryBytes = this.limits.memoryMb * 1024 * 1024;
    const cpuSeconds = cpuSecondsFor(this.limits);
    const iv = setInterval(() => {
      if (!pid || !this.alive) return;
      const s = sampleProcessTree(pid);
      if (s.rssBytes >= memoryBytes) this.memoryExceeded = true;
      else if (s.cpuSeconds >= cpuSeconds) this.cpuExceeded = true;
      else return;
      this.kill();
    }, WATCHDOG_MS);
    iv.unref();
    return iv;
  }
}

const limitsKey = (l: SandboxLimits): string => `${l.timeLimitMs}:${l.memoryMb}:${l.maxStdoutBytes}:${l.maxStderrBytes}`;

/**
 * Pre-started sandboxes, keyed by limits (the limits are applied from outside at spawn time).
 * Each is handed out once; taking one immediately starts its replacement.
 */
export class WarmPool {
  private readonly ready = new Map<string, SandboxProcess[]>();

  constructor(private readonly size: number) {}

  async take(limits: SandboxLimits): Promise<SandboxProcess> {
    const key = limitsKey(limits);
    const list = (this.ready.get(key) ?? []).filter((p) => p.alive);
    const warm = list.shift();
    this.ready.set(key, list);
    if (this.size > 0) this.refill(limits);
    return warm ?? SandboxProcess.start(limits);
  }

  /** Starts sandboxes for `limits` until `size` are waiting. */
  refill(limits: SandboxLimits): void {
    const key = limitsKey(limits);
    const list = this.ready.get(key) ?? [];
    this.ready.set(key, list);
    // Only the most recently used limits stay warm: other keys' sandboxes are stopped.
    for (const [k, procs] of this.ready) {
      if (k !== key) {
        procs.forEach((p) => p.kill());
        this.ready.delete(k);
      }
    }
    const missing = this.size - list.filter((p) => p.alive).length;
    for (let i = 0; i < missing; i++) {
      SandboxProcess.start(limits)
        .then((p) => list.push(p))
        .catch(() => undefined); // a failed warm start just means the next run starts cold
    }
  }

  drain(): void {
    for (const procs of this.ready.values()) procs.forEach((p) => p.kill());
    this.ready.clear();
  }
}

let pool: WarmPool | null = null;
export function warmPool(): WarmPool {
  pool ??= new WarmPool(graderConfig().GRADER_WARM_POOL);
  return pool;
}

export interface RunChildOptions {
  limits?: Partial<SandboxLimits>;
  /** Start a fresh sandbox instead of taking a warm one (benchmarks). */
  cold?: boolean;
}

/** Runs the request in a fresh sandbox (warm when available). Never throws for anything the child does. */
export async function runChild(request: ChildRequest, options: RunChildOptions = {}): Promise<SandboxResult> {
  const limits: SandboxLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const sandbox = options.cold ? await SandboxProcess.start(limits) : await warmPool().take(limits);
  return sandbox.run(request);
}
