// Entry of the in-browser check worker (bundled by build-browser.ts to dist/browser/check-worker.js
// and served by the site from /check-worker/). One worker runs one learner submission: the page
// terminates it afterwards (or when the time limit passes), so learner globals never leak into the
// next run and an endless loop never freezes the page.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { visibleChecks } from 'tyinglab:visible-registry';
import { registerConv2dGradient } from '../tf/conv2d-grad';
import { registerMissingWasmKernels } from '../tf/wasm-kernels';
import { evaluateInWorker } from './evaluate-in-worker';
import { runVisibleChecks, type VisibleExercise } from './visible-runner';
import type { WorkerReply, WorkerRequest } from './worker-protocol';

const scope = self as unknown as { postMessage(m: WorkerReply): void; onmessage: ((ev: MessageEvent<WorkerRequest>) => void) | null; location: Location };
const post = (m: WorkerReply) => scope.postMessage(m);
const base = new URL('./', scope.location.href).href;


/** wasm (what the grader uses) when the browser can load it; the cpu backend otherwise. */
async function initBackend(): Promise<string> {
  registerConv2dGradient(tf);
  // Same kernels as the grader's initTf, so correct code that trains here trains there too.
  registerMissingWasmKernels(tf);
  setWasmPaths(base);
  try {
    if (await tf.setBackend('wasm')) {
      await tf.ready();
      return tf.getBackend();
    }
  } catch {
    // fall through to cpu
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}

const ready = initBackend();
const t0 = performance.now();
ready.then(
  (backend) => post({ type: 'ready', backend, initMs: Math.round(performance.now() - t0) }),
  (e: unknown) => post({ type: 'failed', message: `TensorFlow.js could not start in this browser: ${e instanceof Error ? e.message : String(e)}` }),
);

async function loadExercise(slug: string): Promise<VisibleExercise> {
  const res = await fetch(`${base}exercises/${encodeURIComponent(slug)}.json`, { cache: 'no-cache' });
  if (!res.ok) throw new Error(`the checks for "${slug}" are not available (HTTP ${res.status})`);
  return (await res.json()) as VisibleExercise;
}

scope.onmessage = (ev) => {
  const req = ev.data;
  if (req.type !== 'run') return;
  void (async () => {
    try {
      await ready;
      const exercise = await loadExercise(req.slug);
      if (exercise.contentHash !== req.contentHash) {
        post({ type: 'stale' });
        return;
      }
      const checks = visibleChecks[req.slug];
      if (!checks) throw new Error(`no visible checks are bundled for "${req.slug}"`);
      // Evaluating the learner's own code, in their own browser, is what this worker is for; the lines
      // in its messages are the grader's (evaluate-in-worker.ts).
      const outcome = await runVisibleChecks({ tf, exercise, checks, code: req.code, evaluate: evaluateInWorker });
      post({ type: 'result', outcome, backend: tf.getBackend() });
    } catch (e) {
      post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  })();
};
