import { DraftSaver, type DraftSaveState, type SaveOutcome } from './draft-saver';

/** A save function whose answers the test releases one by one. */
function controlledServer() {
  const calls: { code: string; answer: (o: SaveOutcome) => void }[] = [];
  const save = (code: string) => new Promise<SaveOutcome>((resolve) => calls.push({ code, answer: resolve }));
  return { calls, save };
}

const flushPromises = () => new Promise<void>((r) => jest.requireActual<typeof globalThis>('timers').setImmediate(r));

describe('DraftSaver', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function setup(serverText = 'start') {
    const server = controlledServer();
    const states: DraftSaveState[] = [];
    const saver = new DraftSaver(serverText, { save: server.save, onState: (s) => states.push(s), debounceMs: 800, retryMs: 5000 });
    return { server, states, saver };
  }

  it('saves once typing pauses, with the latest text, and only then says saved', async () => {
    const { server, states, saver } = setup();
    saver.change('s');
    jest.advanceTimersByTime(500);
    saver.change('st');
    jest.advanceTimersByTime(500);
    saver.change('sta');
    jest.advanceTimersByTime(799);
    expect(server.calls).toHaveLength(0);
    expect(saver.current.state).toBe('unsaved');
    jest.advanceTimersByTime(1);
    expect(server.calls.map((c) => c.code)).toEqual(['sta']);
    expect(saver.current.state).toBe('saving');
    server.calls[0]!.answer({ ok: true, updatedAt: '2026-01-01T00:00:00.000Z' });
    await flushPromises();
    expect(saver.current.state).toBe('saved');
    expect(saver.pending).toBe(false);
    expect(states).toEqual(['unsaved', 'saving', 'saved']);
  });

  it('typing back to the saved text needs no request', () => {
    const { server, saver } = setup('same');
    saver.change('changed');
    saver.change('same');
    jest.advanceTimersByTime(5000);
    expect(server.calls).toHaveLength(0);
    expect(saver.current.state).toBe('saved');
  });

  it('never sends two requests at once: a change during a save is saved after it', async () => {
    const { server, saver } = setup();
    saver.change('a');
    jest.advanceTimersByTime(800);
    saver.change('ab');
    jest.advanceTimersByTime(5000);
    expect(server.calls).toHaveLength(1);
    server.calls[0]!.answer({ ok: true, updatedAt: 't1' });
    await flushPromises();
    // The server holds 'a', the editor 'ab': not saved yet.
    expect(saver.current.state).toBe('unsaved');
    jest.advanceTimersByTime(800);
    expect(server.calls.map((c) => c.code)).toEqual(['a', 'ab']);
    server.calls[1]!.answer({ ok: true, updatedAt: 't2' });
    await flushPromises();
    expect(saver.current.state).toBe('saved');
  });

  it('retries a failed save after a while, but not one the server refused for its size', async () => {
    const { server, saver } = setup();
    saver.change('a');
    jest.advanceTimersByTime(800);
    server.calls[0]!.answer({ ok: false, retry: true, message: 'Could not reach the server.' });
    await flushPromises();
    expect(saver.current).toEqual({ state: 'error', problem: 'Could not reach the server.' });
    jest.advanceTimersByTime(5000);
    expect(server.calls).toHaveLength(2);
    server.calls[1]!.answer({ ok: false, retry: false, message: 'Drafts are limited to 100 KB.' });
    await flushPromises();
    jest.advanceTimersByTime(60_000);
    expect(server.calls).toHaveLength(2);
    expect(saver.current.problem).toBe('Drafts are limited to 100 KB.');
    // Editing again tries again.
    saver.change('a shorter text');
    jest.advanceTimersByTime(800);
    expect(server.calls).toHaveLength(3);
  });

  it('a save function that throws counts as a failure to retry', async () => {
    const states: DraftSaveState[] = [];
    let calls = 0;
    const saver = new DraftSaver('x', {
      save: async () => {
        calls++;
        throw new Error('offline');
      },
      onState: (s) => states.push(s),
      debounceMs: 10,
      retryMs: 100,
    });
    saver.change('y');
    jest.advanceTimersByTime(10);
    await flushPromises();
    expect(saver.current.state).toBe('error');
    jest.advanceTimersByTime(100);
    await flushPromises();
    expect(calls).toBe(2);
  });

  it('flush saves at once; adopt takes text the server already has; dispose stops everything', async () => {
    const { server, saver } = setup();
    saver.change('now');
    const flushed = saver.flush();
    expect(server.calls.map((c) => c.code)).toEqual(['now']);
    server.calls[0]!.answer({ ok: true, updatedAt: 't' });
    await flushed;
    expect(saver.current.state).toBe('saved');

    saver.adopt('from another device');
    expect(saver.pending).toBe(false);
    expect(saver.current.state).toBe('saved');

    saver.change('typed');
    saver.dispose();
    jest.advanceTimersByTime(10_000);
    expect(server.calls).toHaveLength(1);
  });
});
