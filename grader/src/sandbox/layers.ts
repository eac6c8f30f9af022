// How one sandbox process is launched: the layers of DESIGN §4, outermost first.
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
  /** The layers actually in effect for this process. */
  layers: LayerName[];
}

/** Inside the sandbox the bundle folder is mounted here. */
export const SANDBOX_DIR = '/sandbox';
const TMPFS_BYTES = 16 * 1024 * 1024;
/** Address-space cap on top of the memory limit: V8 and wasm reserve (not use) large regions. */
const ADDRESS_SPACE_HEADROOM_MB = 3072;
const WASM_MAX_PAGES = 16384; // 1 GiB of wasm memory at most
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

  const nodeArgs = [
    '--disable-wasm-trap-handler',
    `--wasm-max-mem-pages=${WASM_MAX_PAGES}`,
    `--max-old-space-size=${limits.memoryMb}`,
    '--max-semi-space-size=16',
    '--disallow-code-generation-from-strings',
    '--no-warnings',
    '--experimental-permission',
    `--allow-fs-read=${dir}/*`,
    path.join(dir, 'sandbox-child.cjs'),
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
      `--cpu=${cpuSecondsFor(limits)}`,
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

  return {
    command: argv[0]!,
    args: argv.slice(1),
    // Outside bwrap the environment is scrubbed here; inside, --clearenv does it again.
    env: { LANG: 'C.UTF-8', NODE_ENV: 'production', PATH: '/usr/bin:/bin' },
    cwd: o.bundleDir,
    extraFds,
    layers,
  };
}

export const SANDBOX_TASK_LIMIT = MAX_TASKS;
