// What the runner's watchdog measures of one sandbox: resident memory and CPU time of the spawned
// process and all its descendants (the wrappers exec into each other; bwrap forks an init and node
// below it), read from /proc. Cheap enough to sample ten times a second.
import fs from 'node:fs';

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on every Linux architecture node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface TreeSample {
  /**
   * Resident memory of its own over the tree: anonymous + shared-memory pages (RssAnon + RssShmem),
   * not the pages of files it maps (node's binary and libraries, shared with every other process).
   * 0 when nothing could be read: the tree is gone.
   */
  rssBytes: number;
  /** Sum of user + system CPU time over the tree's live processes. */
  cpuSeconds: number;
  pids: number[];
}

function children(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    try {
      for (const c of fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ')) if (c.trim()) out.push(Number(c));
    } catch {
      // the task ended meanwhile
    }
  }
  return out;
}

export function sampleProcessTree(root: number): TreeSample {
  const pids: number[] = [];
  const todo = [root];
  while (todo.length > 0 && pids.length < 256) {
    const pid = todo.pop()!;
    pids.push(pid);
    todo.push(...children(pid));
  }
  let rssBytes = 0;
  let ticks = 0;
  for (const pid of pids) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      for (const field of ['RssAnon', 'RssShmem']) {
        const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
        if (m) rssBytes += Number(m[1]) * 1024;
      }
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may contain spaces and parentheses): state is [0].
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // exited between listing and reading
    }
  }
  return { rssBytes, cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND, pids };
}
