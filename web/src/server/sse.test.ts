import { createStatusStream, formatSseComment, formatSseEvent } from './sse';

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

function fakeClock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
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
    const clock = fakeClock();
    const text = await readAll(
      createStatusStream<State>({
        load: async () => states[reads++] ?? null,
        isTerminal: (s) => s.status === 'GRADED',
        intervalMs: 250,
        heartbeatMs: 60_000,
        maxDurationMs: 60_000,
        ...clock,
      }),
    );
    expect(reads).toBe(5);
    expect(text.startsWith('retry: 2000\n\n')).toBe(true);
    const events = parseEvents(text).filter((e) => e.event === 'status');
    expect(events.map((e) => JSON.parse(e.data) as State)).toEqual([
      { status: 'QUEUED', n: 2 },
      { status: 'QUEUED', n: 1 },
      { status: 'RUNNING', n: 0 },
      { status: 'GRADED', n: 0 },
    ]);
  });

  it('sends heartbeats while nothing changes and a timeout event at the cap', async () => {
    const clock = fakeClock();
    const text = await readAll(
      createStatusStream<State>({
        load: async () => ({ status: 'QUEUED', n: 1 }),
        isTerminal: () => false,
        intervalMs: 250,
        heartbeatMs: 1_000,
        maxDurationMs: 5_000,
        ...clock,
      }),
    );
    expect(text.match(/^: heartbeat$/gm)?.length).toBeGreaterThanOrEqual(3);
    expect(parseEvents(text).map((e) => e.event)).toEqual(['status', 'timeout']);
  });

  it('ends with `gone` when the state disappears', async () => {
    const text = await readAll(
      createStatusStream<State>({ load: async () => null, isTerminal: () => false, intervalMs: 1, heartbeatMs: 1_000, maxDurationMs: 1_000, ...fakeClock() }),
    );
    expect(parseEvents(text).map((e) => e.event)).toEqual(['gone']);
  });

  it('stops polling when the client aborts', async () => {
    const abort = new AbortController();
    let reads = 0;
    const stream = createStatusStream<State>({
      load: async () => {
        reads += 1;
        if (reads === 3) abort.abort();
        return { status: 'QUEUED', n: reads };
      },
      isTerminal: () => false,
      intervalMs: 5,
      heartbeatMs: 60_000,
      maxDurationMs: 60_000,
      signal: abort.signal,
    });
    const text = await readAll(stream);
    expect(reads).toBe(3);
    expect(parseEvents(text).filter((e) => e.event === 'status')).toHaveLength(2);
  });

  it('reports a failing loader as a `failed` event instead of hanging', async () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const text = await readAll(
        createStatusStream<State>({
          load: async () => {
            throw new Error('db down');
          },
          isTerminal: () => false,
          intervalMs: 1,
          heartbeatMs: 1_000,
          maxDurationMs: 1_000,
          ...fakeClock(),
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
