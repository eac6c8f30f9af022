// Copies the in-browser check worker (built by `npm run build -w @tyinglab/grader` into
// grader/dist/browser: worker bundle, tfjs .wasm files, one public-plan JSON per exercise) into
// public/check-worker, which the exercise page loads its worker from. The target is gitignored.
import { cpSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(webRoot, '..', 'grader', 'dist', 'browser');
const target = path.join(webRoot, 'public', 'check-worker');

if (!existsSync(path.join(source, 'check-worker.js'))) {
  console.error(`copy-check-worker: ${source}/check-worker.js not found; run \`npm run build -w @tyinglab/grader\` first`);
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
cpSync(source, target, { recursive: true });
console.log('copy-check-worker: copied grader/dist/browser to public/check-worker');
