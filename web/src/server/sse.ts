// Server-Sent Events: wire formatting and the status stream behind GET /api/submissions/[id]/events.
// The stream polls a loader (the database) and emits `status` events until a terminal status,
// sends heartbeat comments so proxies keep the connection, and stops when the client goes away.

/** One SSE event. Data is split on newlines so multi-line payloads stay one event. */
export function formatSseEvent(event: string, data: string, id?: string): string {
  if (/[\r\n]/.test(event) || (id !== undefined && /[\r\n]/.test(id))) {
    throw new Error('SSE event names and ids must be single-line');
  }
  let out = '';
  if (id !== undefined) out += `id: ${id}\n`;
  out += `event: ${event}\n`;
  for (const line of data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}

/** A comment line: ignored by EventSource, keeps intermediaries from timing out the connection. */
export function formatSseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

export function formatSseRetry(ms: number): string {
  return `retry: ${Math.max(0, Math.floor(ms))}\n\n`;
}

export const SSE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
};

export interface StatusStreamOptions<T> {
  /** Reads the current state; null means it disappeared (the stream then ends with a `gone` event). */
  load: () => Promise<T | null>;
  isTerminal: (value: T) => boolean;
  intervalMs: number;
  heartbeatMs: number;
  /** Upper bound on the stream's life; the client falls back to polling after it. */
  maxDurationMs: number;
  signal?: AbortSignal;
  /** Injected for tests; defaults to setTimeout-based sleeping that wakes on abort. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Emits `status` with the JSON of each *changed* state (the first one always), ends after a
 * terminal state, on abort, or after maxDurationMs (with a `timeout` event). Named events avoid
 * `error`, which EventSource also uses for connection failures.
 */
export function createStatusStream<T>(options: StatusStreamOptions<T>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? Date.now;
  const internal = new AbortController();
  const stop = () => internal.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  if (options.signal?.aborted) stop();

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (!internal.signal.aborted) controller.enqueue(encoder.encode(text));
      };
      const started = now();
      let lastJson: string | null = null;
      let lastSentAt = started;
      let seq = 0;
      try {
        send(formatSseRetry(2_000));
        while (!internal.signal.aborted) {
          const value = await options.load();
          if (internal.signal.aborted) break;
          if (value === null) {
            send(formatSseEvent('gone', '{}'));
            break;
          }
          const json = JSON.stringify(value);
          if (json !== lastJson) {
            seq += 1;
            send(formatSseEvent('status', json, String(seq)));
            lastJson = json;
            lastSentAt = now();
          }
          if (options.isTerminal(value)) break;
          if (now() - started >= options.maxDurationMs) {
            send(formatSseEvent('timeout', '{}'));
            break;
          }
          if (now() - lastSentAt >= options.heartbeatMs) {
            send(formatSseComment('heartbeat'));
            lastSentAt = now();
          }
          await sleep(options.intervalMs, internal.signal);
        }
      } catch (err) {
        console.error('[web] status stream failed:', err);
        send(formatSseEvent('failed', JSON.stringify({ code: 'INTERNAL', message: 'Live updates failed; retrying by polling.' })));
      } finally {
        options.signal?.removeEventListener('abort', stop);
        try {
          controller.close();
        } catch {
          // already closed by a cancelled reader
        }
      }
    },
    cancel() {
      stop();
    },
  });
}
