// Where tfjs-backend-wasm keeps its .wasm binaries, and copying them next to a bundle (the sandbox
// child and the browser worker each load them from their own folder). No tfjs import: build
// scripts use this without loading TensorFlow.js.
import { copyFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Folder of the installed tfjs-backend-wasm's .wasm files. */
export function wasmFilesDir(): string {
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
}

/** Copies every .wasm file of tfjs-backend-wasm into `dest`. */
export function copyWasmFiles(dest: string): void {
  const dir = wasmFilesDir();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.wasm'))) copyFileSync(path.join(dir, f), path.join(dest, f));
}
