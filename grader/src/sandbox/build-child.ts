// Bundles child.ts (+ the tf, util and probe-kit modules it imports) into dist/sandbox/sandbox-child.cjs with esbuild.
// `npm run build -w @tyinglab/grader` runs this file; the runner calls ensureChildBundle(), which
// rebuilds when the bundle is missing or older than any of its sources.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { copyWasmFiles } from '../tf/wasm-files';

const graderRoot = path.resolve(__dirname, '..', '..');
/** Everything the sandbox may read: the self-contained bundle and the tfjs .wasm files. */
export const childBundleDir = path.join(graderRoot, 'dist', 'sandbox');
export const childBundlePath = path.join(childBundleDir, 'sandbox-child.cjs');
const childEntry = path.join(graderRoot, 'src', 'sandbox', 'child.ts');
const sourceDirs = ['sandbox', 'tf', 'util', 'probe-kit'].map((d) => path.join(graderRoot, 'src', d));

function newestSourceMtime(): number {
  let newest = 0;
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  sourceDirs.filter((d) => existsSync(d)).forEach(walk);
  return newest;
}

export function buildChildBundle(): string {
  mkdirSync(path.dirname(childBundlePath), { recursive: true });
  // Build to a unique temp name and rename: concurrent builders (parallel test workers) never
  // see a half-written bundle.
  const tmp = `${childBundlePath}.${process.pid}.${Date.now()}.tmp`;
  buildSync({
    entryPoints: [childEntry],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Self-contained (tfjs, sucrase included): the sandbox mounts this one folder and nothing of
    // node_modules, so learner code cannot read anything else of ours.
    sourcemap: false,
    logLevel: 'error',
  });
  copyWasmFiles(childBundleDir);
  renameSync(tmp, childBundlePath);
  return childBundlePath;
}

/** Path of an up-to-date child bundle, building it first when missing or stale. */
export function ensureChildBundle(): string {
  if (existsSync(childBundlePath) && statSync(childBundlePath).mtimeMs >= newestSourceMtime()) return childBundlePath;
  return buildChildBundle();
}

if (require.main === module) {
  const t0 = Date.now();
  const out = buildChildBundle();
  console.log(`built ${path.relative(process.cwd(), out)} in ${Date.now() - t0} ms`);
}
