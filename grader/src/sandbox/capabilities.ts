// What this host can enforce. Detected once per process; the sandbox uses every layer it finds,
// warns loudly (once) about the missing ones, and refuses to run in strict mode without all of them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { seccompSupported } from './seccomp';

export interface HostCapabilities {
  bwrap: string | null;
  prlimit: string | null;
  setpriv: string | null;
  /** Dedicated per-slot uids need root (setpriv --reuid). */
  isRoot: boolean;
  /** seccomp needs bwrap (it loads the filter) and x86_64 Linux. */
  seccomp: boolean;
  /** Writable cgroup v1 folders under this process's own cgroup, or null. */
  cgroupMemory: string | null;
  cgroupPids: string | null;
  /** node binary and the shared libraries it links (bound read-only into the sandbox). */
  nodeBinary: string;
  nodeLibraries: string[];
}

/** The layers every production host must have (docs/sandbox.md); `strict` mode requires all of these. */
export const REQUIRED_LAYERS = ['bwrap', 'seccomp', 'slot-uid', 'prlimit', 'node-permissions'] as const;
export type LayerName = (typeof REQUIRED_LAYERS)[number] | 'cgroup-memory' | 'cgroup-pids' | 'scrubbed-env' | 'wall-clock' | 'output-caps';

function which(cmd: string): string | null {
  for (const dir of ['/usr/bin', '/bin', '/usr/sbin', '/sbin', '/usr/local/bin']) {
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // keep looking
    }
  }
  return null;
}

function works(cmd: string | null, args: string[]): boolean {
  if (!cmd) return false;
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/** This process's cgroup v1 folder for `controller`, if we may create children in it. */
function writableCgroup(controller: string): string | null {
  try {
    const line = fs
      .readFileSync('/proc/self/cgroup', 'utf8')
      .split('\n')
      .find((l) => l.split(':')[1]?.split(',').includes(controller));
    if (!line) return null;
    const rel = line.split(':')[2] ?? '/';
    const dir = path.join('/sys/fs/cgroup', controller, rel);
    const probe = path.join(dir, `tyinglab-probe-${process.pid}`);
    fs.mkdirSync(probe);
    fs.rmdirSync(probe);
    return dir;
  } catch {
    return null;
  }
}

function linkedLibraries(binary: string): string[] {
  try {
    const out = execFileSync('ldd', [binary], { encoding: 'utf8', timeout: 5000 });
    const libs = new Set<string>();
    for (const m of out.matchAll(/(\/[^\s()]+)/g)) if (m[1] && fs.existsSync(m[1])) libs.add(m[1]);
    return [...libs];
  } catch {
    return [];
  }
}

let cached: HostCapabilities | null = null;

export function hostCapabilities(): HostCapabilities {
  if (cached) return cached;
  const bwrap = which('bwrap');
  const nodeBinary = fs.realpathSync(process.execPath);
  cached = {
    bwrap: works(bwrap, ['--unshare-all', '--ro-bind', '/', '/', 'true']) ? bwrap : null,
    prlimit: works(which('prlimit'), ['--cpu=10', 'true']) ? which('prlimit') : null,
    setpriv: which('setpriv'),
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    seccomp: false,
    cgroupMemory: writableCgroup('memory'),
    cgroupPids: writableCgroup('pids'),
    nodeBinary,
    nodeLibraries: linkedLibraries(nodeBinary),
  };
  cached.seccomp = cached.bwrap !== null && seccompSupported();
  return cached;
}

/** Which required layers this host cannot provide. */
export function missingLayers(caps: HostCapabilities): string[] {
  const missing: string[] = [];
  if (!caps.bwrap) missing.push('bwrap (namespaces, no network, private filesystem)');
  if (!caps.seccomp) missing.push('seccomp (needs bwrap on x86_64 Linux)');
  if (!caps.isRoot || !caps.setpriv) missing.push('slot-uid (needs root + setpriv to run each sandbox as its own non-root user)');
  if (!caps.prlimit) missing.push('prlimit (CPU, address space, file size, process and fd limits)');
  return missing;
}
