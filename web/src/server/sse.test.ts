import { createStatusStream, formatSseComment, formatSseEvent } from './sse';
import { StatusHub } from './status-hub';

// Next resolves 'server-only' itself during its build; there is no package of that name to load here.
jest.mock('server-only', () => ({}), { virtual: true });

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let out = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out += decoder.decode(value, { stream: true });
  }
}

/** Parses SSE text into events the way EventSource does (comments dropped). */
function parseEvents(text: string): { event: string; data: string }[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      return { event, data: data.join('\n') };
    })
    .filter((e) => e.data !== '' || e.event !== 'message');
}

describe('SSE formatting', () => {
  it('formats an event with id and one data line per payload line', () => {
    expect(formatSseEvent('status', '{"a":1}', '3')).toBe('id: 3\nevent: status\ndata: {"a":1}\n\n');
    expect(formatSseEvent('note', 'one\ntwo\r\nthree')).toBe('event: note\ndata: one\ndata: two\ndata: three\n\n');
  });

  it('refuses multi-line event names', () => {
    expect(() => formatSseEvent('a\nb', 'x')).toThrow(/single-line/);
  });

  it('formats comments on one line', () => {
    expect(formatSseComment('heart\nbeat')).toBe(': heart beat\n\n');
  });
});

interface State {
  status: string;
  n: number;
}

/** A hub whose pollers tick as fast as the event loop allows (these tests are about the stream). */
function fastHub() {
  return new StatusHub<State>({ intervalMs: 1, maxPerUser: 100, maxPerKey: 100 });
}

function stream(hub: StatusHub<State>, load: () => Promise<State | null>, options: { heartbeatMs?: number; maxDurationMs?: number; signal?: AbortSignal } = {}) {
  const sub = hub.subscribe({ key: 'k', userId: 'u', load, isTerminal: (s) => s.status === 'GRADED' });
  return createStatusStream(sub, { heartbeatMs: options.heartbeatMs ?? 60_000, maxDurationMs: options.maxDurationMs ?? 60_000, signal: options.signal });
}

describe('createStatusStream', () => {
  it('emits changed states only and ends after a terminal one', async () => {
    const states: State[] = [
      { status: 'QUEUED', n: 2 },
      { status: 'QUEUED', n: 2 },
      { status: 'QUEUED', n: 1 },
      { status: 'RUNNING', n: 0 },
      { status: 'GRADED', n: 0 },
      { status: 'SHOULD_NOT_BE_READ', n: 0 },
    ];
    let reads = 0;
    const hub = fastHub();
    const text = await readAll(stream(hub, async () => states[reads++] ?? null));
    expect(reads).toBe(5);
    expect(text.startsWith('retry: 2000\n\n')).toBe(true);
    const events = parseEvents(text).filter((e) => e.event === 'status');
    expect(events.map((e) => JSON.parse(e.data) as State)).toEqual([
      { status: 'QUEUED', n: 2 },
      { status: 'QUEUED', n: 1 },
      { status: 'RUNNING', n: 0 },
      { status: 'GRADED', n: 0 },
    ]);
    expect(hub.stats()).toMatchObject({ pollers: 0, subscribers: 0 });
  });

  it('sends heartbeats while nothing changes and a timeout event at the cap', async () => {
    const text = await readAll(stream(fastHub(), async () => ({ status: 'QUEUED', n: 1 }), { heartbeatMs: 5, maxDurationMs: 100 }));
    expect(text.match(/^: heartbeat$/gm)?.length).toBeGreaterThanOrEqual(3);
    expect(parseEvents(text).map((e) => e.event)).toEqual(['status', 'timeout']);
  });

  it('ends with `gone` when the state disappears', async () => {
    const text = await readAll(stream(fastHub(), async () => null));
    expect(parseEvents(text).map((e) => e.event)).toEqual(['gone']);
  });

  it('stops the poller when the client aborts', async () => {
    const abort = new AbortController();
    let reads = 0;
    const hub = fastHub();
    const text = await readAll(
      stream(
        hub,
        async () => {
          reads += 1;
          if (reads === 3) abort.abort();
          return { status: 'QUEUED', n: reads };
        },
        { signal: abort.signal },
      ),
    );
    expect(parseEvents(text).filter((e) => e.event === 'status')).toHaveLength(2);
    // The last viewer left, so the poller stops (and once stopped, it reads nothing more): no read
    // after the one in flight at the abort.
    while (hub.stats().pollers > 0) await new Promise((r) => setImmediate(r));
    expect(reads).toBe(3);
    expect(hub.stats().subscribers).toBe(0);
  });

  it('reports a failing loader as a `failed` event instead of hanging', async () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const text = await readAll(
        stream(fastHub(), async () => {
          throw new Error('db down');
        }),
      );
      const events = parseEvents(text);
      expect(events.map((e) => e.event)).toEqual(['failed']);
      expect(events[0]!.data).not.toContain('db down');
    } finally {
      spy.mockRestore();
    }
  });
});
