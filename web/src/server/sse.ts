// Server-Sent Events: wire formatting and the status stream behind GET /api/submissions/[id]/events.
// The stream does not read the database itself: it relays what the submission's shared poller
// (status-hub.ts) delivers, sends heartbeat comments so proxies keep the connection, and leaves the
// poller when the client goes away.
import type { HubEvent } from './status-hub';

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

export interface StatusStreamOptions {
  heartbeatMs: number;
  /** Upper bound on the stream's life; the client falls back to polling after it. */
  maxDurationMs: number;
  signal?: AbortSignal;
}

/** What a stream reads from: its place at a shared poller (server/status-hub.ts). */
export interface StatusSource<T> {
  listen(listener: (event: HubEvent<T>) => void): void;
  close(): void;
}

/**
 * Sends each `status` the source delivers (it sends the first state and each change), ends after a
 * terminal state, a `gone` or `failed` event, on abort, or after maxDurationMs (with a `timeout`
 * event); heartbeat comments keep idle proxies from closing it. The source is closed however the
 * stream ends. Named events avoid `error`, which EventSource also uses for connection failures.
 */
export function createStatusStream<T>(source: StatusSource<T>, options: StatusStreamOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let finish: () => void = () => source.close();

  return new ReadableStream<Uint8Array>({
    start(controller) {
      let done = false;
      const send = (text: string) => {
        if (!done) controller.enqueue(encoder.encode(text));
      };
      const heartbeat = setInterval(() => send(formatSseComment('heartbeat')), options.heartbeatMs);
      const cap = setTimeout(() => {
        send(formatSseEvent('timeout', '{}'));
        finish();
      }, options.maxDurationMs);
      finish = () => {
        if (done) return;
        done = true;
        clearInterval(heartbeat);
        clearTimeout(cap);
        options.signal?.removeEventListener('abort', finish);
        source.close();
        try {
          controller.close();
        } catch {
          // already closed by a cancelled reader
        }
      };
      send(formatSseRetry(2_000));
      options.signal?.addEventListener('abort', finish, { once: true });
      if (options.signal?.aborted) return finish();
      source.listen((event) => {
        if (event.type === 'status') send(formatSseEvent('status', event.json, String(event.seq)));
        else if (event.type === 'gone') send(formatSseEvent('gone', '{}'));
        else if (event.type === 'failed') send(formatSseEvent('failed', JSON.stringify({ code: 'INTERNAL', message: 'Live updates failed; retrying by polling.' })));
        if (event.type !== 'status') finish();
      });
    },
    cancel() {
      finish();
    },
  });
}
