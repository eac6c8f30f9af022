#!/usr/bin/env node
// `npm start`: everything a fresh clone needs, then the site and the graders on the embedded default.
//   1. generate the Prisma clients          3. build the site (when sources changed since the last build)
//   2. migrate + seed + sync exercises       4. run `next start` on :3000 and GRADER_WORKERS grader workers
// Workers that crash are restarted (their jobs are re-claimed through the lease), Ctrl-C stops all.
// Environment: DATABASE_URL (default SQLite file data/tyinglab.db), PORT (3000), GRADER_WORKERS (cores, max 4).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT || '3000';
const workers = Math.max(1, Number(process.env.GRADER_WORKERS || Math.min(4, os.availableParallelism?.() ?? os.cpus().length)));
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DATABASE_URL: process.env.DATABASE_URL || `file:${path.join(root, 'data', 'tyinglab.db')}` };

function step(title, cmd, args, cwd = root) {
  console.log(`\n[start] ${title}`);
  const r = spawnSync(cmd, args, { cwd, env, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`[start] "${title}" failed (exit ${r.status ?? r.signal}).`);
    process.exit(1);
  }
}

function newestMtime(dir) {
  let newest = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (['node_modules', '.next', 'generated', 'public'].includes(e.name)) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return newest;
}

function siteNeedsBuild() {
  const buildId = path.join(root, 'web', '.next', 'BUILD_ID');
  if (process.argv.includes('--rebuild') || !fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return ['web', 'prisma/src', 'exercises/src'].some((d) => newestMtime(path.join(root, d)) > built);
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
step('Generating Prisma clients', npx, ['turbo', 'run', 'generate', '--output-logs=errors-only']);
step('Preparing the database (migrate, seed, sync exercises)', npx, ['tsx', 'src/cli/setup.ts'], path.join(root, 'prisma'));
step('Building the grader sandbox runtime and the in-browser checks', npx, ['turbo', 'run', 'build', '--filter=@tyinglab/grader', '--output-logs=errors-only']);
// Even when the site build is skipped, the worker must match the exercises just synced.
step('Publishing the in-browser checks', process.execPath, ['scripts/copy-check-worker.mjs'], path.join(root, 'web'));
if (siteNeedsBuild()) step('Building the site (first start or sources changed; takes a minute or two)', npx, ['turbo', 'run', 'build', '--filter=@tyinglab/web', '--output-logs=errors-only']);
else console.log('\n[start] Site build is up to date');

const children = new Set();
let stopping = false;

function prefixed(name, child) {
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream.on('data', (chunk) => {
      buf += chunk;
      const lines = buf.split('\n');
      buf = lines.pop();
      for (const line of lines) console.log(`[${name}] ${line}`);
    });
  }
}

function run(name, cmd, args, cwd, { restart }) {
  const child = spawn(cmd, args, { cwd, env: { ...env, PORT: port }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  prefixed(name, child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (stopping) return;
    if (restart) {
      console.error(`[start] ${name} exited (${code ?? signal}); restarting in 1 s (its job, if any, is re-claimed via its lease)`);
      setTimeout(() => run(name, cmd, args, cwd, { restart }), 1000);
    } else {
      console.error(`[start] ${name} exited (${code ?? signal}); stopping everything`);
      shutdown(1);
    }
  });
}

/** Every process below ours (Linux /proc): npx does not pass signals on to the programs it starts. */
function descendants(root = process.pid) {
  const parentOf = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/PID/stat: "pid (comm) state ppid …" — comm may contain spaces, so split after ')'.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited meanwhile
    }
  }
  const found = [];
  const walk = (pid) => {
    for (const [child, parent] of parentOf) {
      if (parent !== pid) continue;
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

function signalAll(pids, signal) {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

function shutdown(code) {
  if (stopping) return;
  stopping = true;
  // SIGTERM to the whole tree (workers hand their job back to the queue), SIGKILL to what is left.
  signalAll(descendants(), 'SIGTERM');
  setTimeout(() => {
    signalAll(descendants(), 'SIGKILL');
    process.exit(code);
  }, 5000).unref();
  const check = setInterval(() => {
    if (descendants().length === 0) {
      clearInterval(check);
      process.exit(code);
    }
  }, 100);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

run('web', npx, ['next', 'start', '-p', port], path.join(root, 'web'), { restart: false });
for (let i = 1; i <= workers; i++) run(`grader-${i}`, npx, ['tsx', 'src/cli/main.ts', 'worker'], path.join(root, 'grader'), { restart: true });
console.log(`\n[start] Tying Lab is starting at http://localhost:${port} with ${workers} grader worker(s). Ctrl-C stops it.`);
