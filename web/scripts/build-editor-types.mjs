// Collects the TensorFlow.js type declarations the learner's code can reach (from
// @tensorflow/tfjs/dist/index.d.ts, following imports with the TypeScript compiler) into
// public/monaco/tfjs-types.json: { "file:///node_modules/@tensorflow/<pkg>/<path>.d.ts": text }.
// The editor hands them to Monaco's TypeScript service, so learners get completion, hover docs and
// type errors for `tf.*`. Rebuilt only when the tfjs version changes; the target is gitignored.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(webRoot, 'package.json'));
const ts = require('typescript');
// The declarations of the tfjs the grader grades with, resolved from the grader's own entry.
const tfjsPkg = createRequire(require.resolve('@tyinglab/grader')).resolve('@tensorflow/tfjs/package.json');
const { version } = JSON.parse(readFileSync(tfjsPkg, 'utf8'));
const target = path.join(webRoot, 'public', 'monaco', 'tfjs-types.json');
const stamp = `${target}.version`;

if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, 'utf8') === version) {
  console.log(`build-editor-types: tfjs ${version} types already in public/monaco/tfjs-types.json`);
  process.exit(0);
}

const entry = path.join(path.dirname(tfjsPkg), 'dist', 'index.d.ts');
const program = ts.createProgram([entry], { noEmit: true, types: [], skipLibCheck: true, moduleResolution: ts.ModuleResolutionKind.Node10 });
const files = {};
const packages = new Set();
for (const sf of program.getSourceFiles()) {
  const m = sf.fileName.replace(/\\/g, '/').match(/\/node_modules\/(@tensorflow\/[^/]+)\/(.+\.d\.ts)$/);
  if (!m) continue;
  packages.add(m[1]);
  files[`file:///node_modules/${m[1]}/${m[2]}`] = sf.text;
}
// Without package.json files, Node-style resolution finds a package through its root index.d.ts.
for (const pkg of packages) {
  const key = `file:///node_modules/${pkg}/index.d.ts`;
  if (!(key in files)) files[key] = "export * from './dist/index';\n";
}
mkdirSync(path.dirname(target), { recursive: true });
const json = JSON.stringify(files);
writeFileSync(target, json);
writeFileSync(stamp, version);
console.log(`build-editor-types: ${Object.keys(files).length} declaration files of tfjs ${version} (${(json.length / 1e6).toFixed(1)} MB) -> public/monaco/tfjs-types.json`);
