'use client';
// Runs an exercise's visible checks in a Web Worker (/check-worker/check-worker.js, built by the
// grader). One worker per run: it is terminated afterwards, or when the exercise's time limit
// passes, so an endless loop never freezes the page and no state leaks between runs. The next
// worker is started ahead of time, so TensorFlow.js is already loaded when the learner clicks.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { VisibleRunOutcome, WorkerReply, WorkerRequest } from '@tyinglab/grader/browser';

export const CHECK_WORKER_URL = '/check-worker/check-worker.js';

export type BrowserChecksState =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'running' }
  | { phase: 'done'; outcome: VisibleRunOutcome; backend: string }
  | { phase: 'time-limit'; seconds: number }
  | { phase: 'stale' }
  | { phase: 'failed'; message: string };

interface WarmWorker {
  worker: Worker;
  /** Resolves with the first reply: 'ready', or 'failed' when TensorFlow.js cannot start. */
  ready: Promise<WorkerReply>;
}

function startWorker(): WarmWorker {
  const worker = new Worker(CHECK_WORKER_URL);
  const ready = new Promise<WorkerReply>((resolve) => {
    worker.addEventListener('message', (ev: MessageEvent<WorkerReply>) => resolve(ev.data), { once: true });
    worker.addEventListener('error', () => resolve({ type: 'failed', message: 'the check worker could not be loaded' }), { once: true });
  });
  return { worker, ready };
}

export interface UseBrowserChecksOptions {
  slug: string;
  contentHash: string;
  /** The exercise's time limit; the browser stops the run after it, as the grader would. */
  timeLimitMs: number;
}

export function useBrowserChecks({ slug, contentHash, timeLimitMs }: UseBrowserChecksOptions) {
  const [state, setState] = useState<BrowserChecksState>({ phase: 'idle' });
  // The code the panel's results are about: the page marks them stale once the editor differs.
  const [ranCode, setRanCode] = useState<string | null>(null);
  const warm = useRef<WarmWorker | null>(null);
  const current = useRef<Worker | null>(null);

  const prewarm = useCallback(() => {
    if (!warm.current && typeof Worker !== 'undefined') warm.current = startWorker();
  }, []);

  useEffect(() => {
    // Give the page and the editor a head start before downloading TensorFlow.js (about 3 MB).
    const t = window.setTimeout(prewarm, 1500);
    return () => {
      window.clearTimeout(t);
      warm.current?.worker.terminate();
      current.current?.terminate();
      warm.current = null;
      current.current = null;
    };
  }, [prewarm]);

  const run = useCallback(
    async (code: string) => {
      if (current.current) return; // one run at a time
      if (typeof Worker === 'undefined') {
        setState({ phase: 'failed', message: 'This browser cannot run Web Workers.' });
        return;
      }
      prewarm();
      const { worker, ready } = warm.current!;
      warm.current = null;
      current.current = worker;
      setRanCode(code);
      setState({ phase: 'starting' });
      const finish = (next: BrowserChecksState) => {
        worker.terminate();
        if (current.current === worker) current.current = null;
        setState(next);
        prewarm();
      };

      const first = await ready;
      if (current.current !== worker) return; // unmounted meanwhile
      if (first.type !== 'ready') {
        finish({ phase: 'failed', message: first.type === 'failed' ? first.message : 'the check worker did not start' });
        return;
      }
      setState({ phase: 'running' });
      const timer = window.setTimeout(() => finish({ phase: 'time-limit', seconds: timeLimitMs / 1000 }), timeLimitMs);
      worker.onmessage = (ev: MessageEvent<WorkerReply>) => {
        window.clearTimeout(timer);
        const reply = ev.data;
        if (reply.type === 'result') finish({ phase: 'done', outcome: reply.outcome, backend: reply.backend });
        else if (reply.type === 'stale') finish({ phase: 'stale' });
        else if (reply.type === 'failed') finish({ phase: 'failed', message: reply.message });
      };
      worker.onerror = (ev) => {
        window.clearTimeout(timer);
        finish({ phase: 'failed', message: ev.message || 'the check worker stopped unexpectedly' });
      };
      const request: WorkerRequest = { type: 'run', slug, contentHash, code };
      worker.postMessage(request);
    },
    [contentHash, prewarm, slug, timeLimitMs],
  );

  const busy = state.phase === 'starting' || state.phase === 'running';
  return { state, run, busy, ranCode };
}
