// Copies the in-browser check worker (built by `npm run build -w @tyinglab/grader`: worker bundle,
// tfjs .wasm files, one public-plan JSON per exercise) into public/check-worker, which the exercise
// page loads its worker from. The bundle is found through the grader's `./check-worker-dist/*`
// export, never by a path into the grader's folder. The target is gitignored.
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(webRoot, 'package.json'));
const target = path.join(webRoot, 'public', 'check-worker');

let worker;
try {
  worker = require.resolve('@tyinglab/grader/check-worker-dist/check-worker.js');
} catch {
  console.error('copy-check-worker: @tyinglab/grader/check-worker-dist/check-worker.js not found; run `npm run build -w @tyinglab/grader` first');
  process.exit(1);
}
const source = path.dirname(worker);
rmSync(target, { recursive: true, force: true });
cpSync(source, target, { recursive: true });
console.log(`copy-check-worker: copied ${path.relative(webRoot, source)} to public/check-worker`);
