'use client';
// Follows one submission until its verdict: Server-Sent Events first, polling GET /api/submissions/[id]
// when EventSource is unavailable or the stream fails.
import { useCallback, useEffect, useRef, useState } from 'react';
import { isTerminalStatus, type SubmissionViewJson } from '@/lib/wire';

const POLL_MS = 1_000;

export type Connection = 'idle' | 'live' | 'polling';

function withoutCode(value: SubmissionViewJson & { code?: unknown }): SubmissionViewJson {
  const { code: _code, ...view } = value;
  return view;
}

export function useSubmissionStatus(initial: SubmissionViewJson | null, onTerminal?: (view: SubmissionViewJson) => void) {
  const [view, setView] = useState<SubmissionViewJson | null>(initial);
  const [connection, setConnection] = useState<Connection>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  const [target, setTarget] = useState<{ id: string; n: number } | null>(
    initial && !isTerminalStatus(initial.status) ? { id: initial.id, n: 0 } : null,
  );
  const onTerminalRef = useRef(onTerminal);
  onTerminalRef.current = onTerminal;

  useEffect(() => {
    if (!target) return;
    const url = `/api/submissions/${encodeURIComponent(target.id)}`;
    const abort = new AbortController();
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let done = false;

    const stop = () => {
      done = true;
      source?.close();
      source = null;
      if (timer) clearTimeout(timer);
      setConnection('idle');
    };
    const apply = (next: SubmissionViewJson) => {
      if (done || next.id !== target.id) return;
      setView(withoutCode(next));
      setProblem(null);
      if (isTerminalStatus(next.status)) {
        stop();
        onTerminalRef.current?.(next);
      }
    };
    const poll = async () => {
      if (done) return;
      setConnection('polling');
      try {
        const res = await fetch(url, { cache: 'no-store', signal: abort.signal, headers: { accept: 'application/json' } });
        if (res.ok) {
          apply((await res.json()) as SubmissionViewJson);
        } else if (res.status === 401 || res.status === 404) {
          const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
          setProblem(body?.error?.message ?? 'This submission is no longer available.');
          stop();
          return;
        }
      } catch {
        if (abort.signal.aborted) return;
        setProblem('Connection lost; retrying…');
      }
      if (!done) timer = setTimeout(poll, POLL_MS);
    };
    const fallBackToPolling = () => {
      source?.close();
      source = null;
      if (!done && !timer) void poll();
    };

    if (typeof EventSource === 'function') {
      source = new EventSource(`${url}/events`);
      setConnection('live');
      source.addEventListener('status', (event) => {
        try {
          apply(JSON.parse((event as MessageEvent<string>).data) as SubmissionViewJson);
        } catch {
          fallBackToPolling();
        }
      });
      for (const name of ['gone', 'timeout', 'failed']) source.addEventListener(name, fallBackToPolling);
      source.onerror = () => {
        if (!done) fallBackToPolling();
      };
    } else {
      void poll();
    }

    return () => {
      done = true;
      abort.abort();
      source?.close();
      if (timer) clearTimeout(timer);
    };
  }, [target]);

  /** Show `placeholder` now and follow submission `id` until its verdict. */
  const follow = useCallback((id: string, placeholder: SubmissionViewJson | null) => {
    setView(placeholder);
    setProblem(null);
    setTarget((prev) => ({ id, n: (prev?.n ?? 0) + 1 }));
  }, []);

  const clear = useCallback(() => {
    setView(null);
    setProblem(null);
    setTarget(null);
  }, []);

  return { view, connection, problem, follow, clear };
}
