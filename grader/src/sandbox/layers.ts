// How one sandbox process is launched: the isolation layers, outermost first (docs/sandbox.md).
//
//   sh (trusted shim: joins the slot's cgroups, then exec)
//    └ prlimit   CPU seconds, address space, file size, nproc, nofile, core=0
//       └ setpriv  the slot's own non-root uid/gid, no supplementary groups, no capabilities
//          └ bwrap   every namespace unshared (no network), read-only binds of node, its libraries
//             │      and the sandbox bundle only, private size-capped /tmp, --die-with-parent,
//             │      --new-session, --clearenv, seccomp filter on fd 3
//             └ node  --disable-wasm-trap-handler --wasm-max-mem-pages (so RLIMIT_AS and wasm mix),
//                     JS heap cap, no eval, permission model (reads of the bundle folder only)
//
// The memory ceiling (exercise.json limits.memoryMb) is enforced by the slot's memory cgroup, set
// to exactly that (runner.ts), and by the runner's watchdog on the process tree's resident memory
// (for hosts without a writable cgroup); the JS heap and wasm memory are each capped at it too.
// RLIMIT_AS cannot be that ceiling: V8 reserves (without using) far more address space than it
// touches, so the address-space limit is only a coarse backstop above it.
//
// A layer the host lacks is skipped (and reported); strict mode refuses to start without all.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HostCapabilities, LayerName } from './capabilities';
import { compileSeccomp } from './seccomp';

export interface SandboxLimits {
  timeLimitMs: number;
  memoryMb: number;
  maxStdoutBytes: number;
  maxStderrBytes: number;
}

export interface SpawnSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Extra fds handed to the spawned command (fd 3, 4, …): the seccomp program for bwrap. */
  extraFds: number[];
  /** The child's fd for protocol frames: a pipe the spawner adds right after `extraFds`. */
  channelFd: number;
  /** The layers actually in effect for this process. */
  layers: LayerName[];
}

/** Inside the sandbox the bundle folder is mounted here. */
export const SANDBOX_DIR = '/sandbox';
const TMPFS_BYTES = 16 * 1024 * 1024;
/** Address-space cap on top of the memory limit: V8 and wasm reserve (not use) large regions. */
const ADDRESS_SPACE_HEADROOM_MB = 3072;
const MAX_TASKS = 64; // threads included: node needs ~11
const MAX_OPEN_FILES = 128;
const MAX_FILE_BYTES = 8 * 1024 * 1024;

let seccompFile: string | null = null;
/**
 * One file per program (named by its hash) shared by every worker on the host, verified byte for
 * byte after opening: a file planted under that name in a shared /tmp is never loaded.
 */
export function seccompProgramFd(): number {
  const program = compileSeccomp();
  const hash = crypto.createHash('sha256').update(program).digest('hex').slice(0, 16);
  seccompFile ??= path.join(os.tmpdir(), `tyinglab-seccomp-${hash}.bpf`);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(seccompFile, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
      // Positional read: the fd's offset must stay at 0 for bwrap.
      const buf = Buffer.alloc(program.length + 1);
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      if (n === program.length && buf.subarray(0, n).equals(program)) return fd;
      fs.closeSync(fd);
      // Someone else's file under our name: use a private name from now on.
      seccompFile = path.join(os.tmpdir(), `tyinglab-seccomp-${hash}-${process.pid}-${crypto.randomBytes(4).toString('hex')}.bpf`);
    } catch {
      // missing: create it below
    }
    try {
      fs.writeFileSync(seccompFile, program, { mode: 0o444, flag: 'wx' });
    } catch {
      // created concurrently by another worker: verify it on the next pass
    }
  }
  throw new Error('could not prepare the seccomp program file');
}

/** CPU seconds allowed: the wall-clock limit plus start-up, so the wall clock normally fires first. */
export function cpuSecondsFor(limits: SandboxLimits): number {
  return Math.ceil(limits.timeLimitMs / 1000) + 3;
}

/**
 * Wasm memory pages (64 KiB each) allowed: twice the memory ceiling. What wasm memory really uses
 * is held to the ceiling by the cgroup and the watchdog, which kill the run (MEMORY_LIMIT); a
 * maximum at the ceiling itself would fail tfjs's allocations first, and tfjs-wasm does not check
 * them (it writes through a null pointer and fails later as "memory access out of bounds").
 */
export const wasmMaxPagesFor = (limits: SandboxLimits): number => Math.min(65536, Math.floor((2 * limits.memoryMb * 1024 * 1024) / 65536));

/** The exit status a wrapper (bwrap, sh) reports for a child killed by signal `n`. */
export const SIGXCPU_EXIT_STATUS = 128 + 24;

export interface BuildOptions {
  caps: HostCapabilities;
  /** Host folder with sandbox-child.cjs and the .wasm files. */
  bundleDir: string;
  limits: SandboxLimits;
  /** Host uid for this slot (used only when running as root). */
  uid: number;
  /** cgroup.procs files the shim joins before anything else runs, and the layers they give. */
  cgroupProcs: string[];
  cgroupLayers: LayerName[];
}

export function buildSandboxCommand(o: BuildOptions): SpawnSpec {
  const { caps, limits } = o;
  const layers: LayerName[] = ['scrubbed-env', 'wall-clock', 'output-caps', 'node-permissions'];
  const inBwrap = caps.bwrap !== null;
  const dir = inBwrap ? SANDBOX_DIR : o.bundleDir;
  const node = caps.nodeBinary;

  // fd 3… are the extra fds, then the channel (the spawner passes them in this order).
  const channelFd = 3 + (inBwrap && caps.seccomp ? 1 : 0);
  const nodeArgs = [
    '--disable-wasm-trap-handler',
    `--wasm-max-mem-pages=${wasmMaxPagesFor(limits)}`,
    `--max-old-space-size=${limits.memoryMb}`,
    '--max-semi-space-size=16',
    '--disallow-code-generation-from-strings',
    '--no-warnings',
    '--experimental-permission',
    `--allow-fs-read=${dir}/*`,
    path.join(dir, 'sandbox-child.cjs'),
    `--channel-fd=${channelFd}`,
  ];
  let argv = [node, ...nodeArgs];
  const extraFds: number[] = [];

  if (inBwrap) {
    const binds: string[] = [];
    for (const f of new Set([node, ...caps.nodeLibraries])) binds.push('--ro-bind', fs.realpathSync(f), f);
    const bwrapArgs = [
      '--unshare-all',
      '--die-with-parent',
      '--new-session',
      '--clearenv',
      '--setenv', 'LANG', 'C.UTF-8',
      '--setenv', 'NODE_ENV', 'production',
      '--setenv', 'HOME', '/tmp',
      '--cap-drop', 'ALL',
      ...binds,
      '--ro-bind', o.bundleDir, SANDBOX_DIR,
      '--proc', '/proc',
      '--dev', '/dev',
      '--size', String(TMPFS_BYTES), '--tmpfs', '/tmp',
      '--chdir', SANDBOX_DIR,
      '--hostname', 'sandbox',
    ];
    layers.push('bwrap');
    if (caps.seccomp) {
      extraFds.push(seccompProgramFd());
      bwrapArgs.push('--seccomp', '3');
      layers.push('seccomp');
    }
    argv = [caps.bwrap!, ...bwrapArgs, '--', ...argv];
  }
  if (caps.isRoot && caps.setpriv) {
    argv = [caps.setpriv, `--reuid=${o.uid}`, `--regid=${o.uid}`, '--clear-groups', '--inh-caps=-all', '--', ...argv];
    layers.push('slot-uid');
  }
  if (caps.prlimit) {
    argv = [
      caps.prlimit,
      // Soft limit first: SIGXCPU (reported as exit status 152) tells a CPU-time kill apart from
      // any other death; the hard limit one second later is SIGKILL for a child that ignores it.
      `--cpu=${cpuSecondsFor(limits)}:${cpuSecondsFor(limits) + 1}`,
      `--as=${(limits.memoryMb + ADDRESS_SPACE_HEADROOM_MB) * 1024 * 1024}`,
      `--fsize=${MAX_FILE_BYTES}`,
      `--nofile=${MAX_OPEN_FILES}`,
      `--nproc=${MAX_TASKS}`,
      '--core=0',
      '--',
      ...argv,
    ];
    layers.push('prlimit');
  }
  if (o.cgroupProcs.length > 0) {
    // The shim is our own trusted code: it puts itself (and so everything it execs) in the slot's
    // cgroups before any learner code exists, with no race against forks.
    const joins = o.cgroupProcs.map((f) => `echo $$ > '${f}'`).join(' && ');
    argv = ['/bin/sh', '-c', `${joins} && exec "$@"`, 'tyinglab-sandbox', ...argv];
    layers.push(...o.cgroupLayers);
  }

  if (channelFd !== 3 + extraFds.length) throw new Error('layers.ts: the channel fd must follow the extra fds');
  return {
    command: argv[0]!,
    args: argv.slice(1),
    // Outside bwrap the environment is scrubbed here; inside, --clearenv does it again.
    env: { LANG: 'C.UTF-8', NODE_ENV: 'production', PATH: '/usr/bin:/bin' },
    cwd: o.bundleDir,
    extraFds,
    channelFd,
    layers,
  };
}

export const SANDBOX_TASK_LIMIT = MAX_TASKS;
