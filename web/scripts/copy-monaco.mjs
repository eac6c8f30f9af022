// Copies Monaco's prebuilt AMD files (monaco-editor/min/vs) into public/monaco/vs so the editor
// loads from this site, never from a CDN. Runs before `next build` / `next dev`; the target is gitignored.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(webRoot, 'package.json'));
const monacoPkg = require.resolve('monaco-editor/package.json');
const { version } = JSON.parse(readFileSync(monacoPkg, 'utf8'));
const source = path.join(path.dirname(monacoPkg), 'min', 'vs');
const target = path.join(webRoot, 'public', 'monaco', 'vs');
const stamp = path.join(webRoot, 'public', 'monaco', '.version');

if (!existsSync(source)) {
  console.error(`copy-monaco: ${source} not found; is monaco-editor installed?`);
  process.exit(1);
}
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === version && existsSync(path.join(target, 'loader.js'))) {
  console.log(`copy-monaco: monaco-editor ${version} already in public/monaco/vs`);
} else {
  rmSync(target, { recursive: true, force: true });
  cpSync(source, target, { recursive: true });
  writeFileSync(stamp, version);
  console.log(`copy-monaco: copied monaco-editor ${version} to public/monaco/vs`);
}
