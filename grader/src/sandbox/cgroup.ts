// Per-slot cgroup v1 folders (memory, pids) where the host lets us write them. The memory cgroup
// is the only limit that covers everything a process can allocate (Buffers, wasm memory, tmpfs
// pages); the pids cgroup caps processes and threads regardless of uid. Best effort: a host
// without writable cgroups still has prlimit's address-space and nproc limits.
import fs from 'node:fs';
import path from 'node:path';

export interface SlotCgroup {
  /** Files to write the new process's pid into (cgroup.procs of each controller). */
  procsFiles: string[];
  /** Whether the kernel OOM-killed something in this cgroup since `prepare`. */
  oomKilled(): boolean;
  /** SIGKILLs every process still in the cgroup (nothing of a submission outlives it). */
  killAll(): number;
}

function write(file: string, value: string): void {
  fs.writeFileSync(file, value);
}

function oomKills(dir: string): number {
  try {
    const m = fs.readFileSync(path.join(dir, 'memory.oom_control'), 'utf8').match(/oom_kill (\d+)/);
    return m ? Number(m[1]) : Number(fs.readFileSync(path.join(dir, 'memory.failcnt'), 'utf8'));
  } catch {
    return 0;
  }
}

export function prepareSlotCgroup(
  roots: { memory: string | null; pids: string | null },
  slot: number,
  limits: { memoryBytes: number; maxTasks: number },
): SlotCgroup | null {
  const dirs: { memory?: string; pids?: string } = {};
  try {
    if (roots.memory) {
      const dir = path.join(roots.memory, `tyinglab-slot-${slot}`);
      fs.mkdirSync(dir, { recursive: true });
      write(path.join(dir, 'memory.limit_in_bytes'), String(limits.memoryBytes));
      try {
        write(path.join(dir, 'memory.memsw.limit_in_bytes'), String(limits.memoryBytes));
      } catch {
        // no swap accounting on this kernel
      }
      dirs.memory = dir;
    }
    if (roots.pids) {
      const dir = path.join(roots.pids, `tyinglab-slot-${slot}`);
      fs.mkdirSync(dir, { recursive: true });
      write(path.join(dir, 'pids.max'), String(limits.maxTasks));
      dirs.pids = dir;
    }
  } catch {
    return null;
  }
  const all = [dirs.memory, dirs.pids].filter((d): d is string => !!d);
  if (all.length === 0) return null;
  const baseline = dirs.memory ? oomKills(dirs.memory) : 0;
  return {
    procsFiles: all.map((d) => path.join(d, 'cgroup.procs')),
    oomKilled: () => (dirs.memory ? oomKills(dirs.memory) > baseline : false),
    killAll() {
      let killed = 0;
      for (const d of all) {
        let pids: string[] = [];
        try {
          pids = fs.readFileSync(path.join(d, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean);
        } catch {
          continue;
        }
        for (const pid of pids) {
          try {
            process.kill(Number(pid), 'SIGKILL');
            killed++;
          } catch {
            // already gone
          }
        }
      }
      return killed;
    },
  };
}
