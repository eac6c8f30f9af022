// Builds what the site serves from /check-worker/: the worker bundle (tfjs, sucrase, the check
// library and every exercise's visible-checks.ts, nothing hidden), the tfjs .wasm files, and one
// `exercises/<slug>.json` per exercise (public plan + compiled probes). `npm run build -w
// @tyinglab/grader` runs this after the sandbox bundle; web/scripts/copy-check-worker.mjs copies
// the folder into web/public/, finding it through the package's `./check-worker-dist/*` export.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { loadExercises, type ExerciseDefinition } from '@tyinglab/exercise-format';
import graderPackage from '../../package.json';
import { loadTrustedExercise } from '../grade/trusted-exercise';
import { copyWasmFiles } from '../tf/wasm-files';
import { visibleExerciseFor } from './visible-exercise';

const graderRoot = path.resolve(__dirname, '..', '..');
// The folder is declared once, as the package export the site resolves it through.
export const browserBundleDir = path.join(graderRoot, graderPackage.exports['./check-worker-dist/*'].replace(/\/\*$/, ''));

/** `tyinglab:visible-registry`: one import per exercise's visible-checks.ts, keyed by slug. */
function registryPlugin(defs: ExerciseDefinition[]): Plugin {
  return {
    name: 'visible-registry',
    setup(b) {
      b.onResolve({ filter: /^tyinglab:visible-registry$/ }, () => ({ path: 'registry', namespace: 'visible-registry' }));
      b.onLoad({ filter: /.*/, namespace: 'visible-registry' }, () => ({
        contents: [
          ...defs.map((d, i) => `import v${i} from ${JSON.stringify(path.join(d.dir, 'visible-checks.ts'))};`),
          `export const visibleChecks = {${defs.map((d, i) => `${JSON.stringify(d.meta.slug)}: v${i}`).join(', ')}};`,
        ].join('\n'),
        resolveDir: graderRoot,
        loader: 'ts',
      }));
      // Exercises import the check library through its door (@tyinglab/grader/checks): the same
      // module the worker itself uses, never the grader's node-side modules.
      b.onResolve({ filter: /^@tyinglab\/grader\/checks$/ }, () => ({ path: path.join(graderRoot, 'src', 'checks', 'index.ts') }));
    },
  };
}

export async function buildBrowserBundle(defs: ExerciseDefinition[] = loadExercises()): Promise<{ dir: string; bytes: number }> {
  const tmp = `${browserBundleDir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(path.join(tmp, 'exercises'), { recursive: true });

  const result = await build({
    entryPoints: [path.join(__dirname, 'check-worker.ts')],
    outfile: path.join(tmp, 'check-worker.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    metafile: true,
    plugins: [registryPlugin(defs)],
    // tfjs-backend-wasm's emscripten glue mentions node modules on a path the browser never takes.
    external: ['fs', 'path', 'worker_threads', 'perf_hooks', 'os', 'crypto'],
    logLevel: 'error',
  });
  const bytes = Object.values(result.metafile.outputs).reduce((s, o) => s + o.bytes, 0);

  for (const def of defs) {
    const trusted = await loadTrustedExercise(def);
    writeFileSync(path.join(tmp, 'exercises', `${def.meta.slug}.json`), JSON.stringify(visibleExerciseFor(trusted)));
  }
  copyWasmFiles(tmp);

  rmSync(browserBundleDir, { recursive: true, force: true });
  renameSync(tmp, browserBundleDir);
  return { dir: browserBundleDir, bytes };
}

if (require.main === module) {
  const t0 = Date.now();
  buildBrowserBundle().then(
    ({ dir, bytes }) => console.log(`built ${path.relative(process.cwd(), dir)} (worker ${(bytes / 1e6).toFixed(1)} MB) in ${Date.now() - t0} ms`),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
