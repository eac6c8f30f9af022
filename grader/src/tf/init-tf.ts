// The one place that loads TensorFlow.js for grading: wasm backend, asserted, plus the kernels and
// gradients the wasm backend lacks. Used by the sandbox child and by the trusted reference runner.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerConv2dGradient } from './conv2d-grad';
import { registerMissingWasmKernels } from './wasm-kernels';
import { wasmFilesDir } from './wasm-files';

export type GradingBackend = 'wasm' | 'cpu';

export interface InitTfOptions {
  /** 'wasm' (default, what grading uses). 'cpu' only when explicitly asked, e.g. for tests. */
  backend?: GradingBackend;
  /** Folder holding the tfjs-backend-wasm .wasm files; defaults to the installed package's dist/. */
  wasmDir?: string;
}

export class BackendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendError';
  }
}

/** Absolute path (with trailing slash) of the folder holding tfjs-backend-wasm's .wasm files. */
export function defaultWasmDir(): string {
  return wasmFilesDir() + path.sep;
}

let extrasRegistered = false;
let wasmPathsSet = false;

/** Loads tfjs, selects the backend and asserts it is really in use. Idempotent. */
export async function initTf(options: InitTfOptions = {}): Promise<typeof tf> {
  const backend = options.backend ?? 'wasm';
  if (!extrasRegistered) {
    registerConv2dGradient(tf);
    registerMissingWasmKernels(tf);
    extrasRegistered = true;
  }
  if (backend === 'wasm' && !wasmPathsSet) {
    const dir = options.wasmDir ?? defaultWasmDir();
    setWasmPaths(dir.endsWith(path.sep) || dir.endsWith('/') ? dir : dir + path.sep);
    wasmPathsSet = true;
  }
  if (tf.getBackend() !== backend) {
    // setBackend returns false (it does not throw) when the .wasm file cannot be loaded.
    const ok = await tf.setBackend(backend);
    if (!ok) throw new BackendError(`tf.setBackend('${backend}') failed (wasm files not found?)`);
  }
  await tf.ready();
  const active = tf.getBackend();
  if (active !== backend) throw new BackendError(`expected the '${backend}' backend, tfjs is using '${active}'`);
  return tf;
}

export { tf };
