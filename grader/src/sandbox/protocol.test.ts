import { ChildConversation, encodeFrame, FrameReader, jsonDepthExceeds, MAX_ANSWER_DEPTH } from './protocol';

const marker = 'TYINGLAB-FRAME-abc';
const frame = (v: unknown): Buffer => Buffer.from(encodeFrame(marker, JSON.stringify(v)));
const answers = { kind: 'answers', probes: { p: { ok: true, value: [1, 2], ms: 1 } }, tfReadyMs: 1 };

function conversation(): { c: ChildConversation; planSent: () => number } {
  let sent = 0;
  const c = new ChildConversation(marker, 1 << 20, () => sent++);
  return { c, planSent: () => sent };
}

describe('frames', () => {
  it('decodes frames split across chunks, in order', () => {
    const r = new FrameReader(marker, 1 << 20);
    const bytes = Buffer.concat([frame({ kind: 'started' }), frame({ kind: 'load_error', message: 'üñí' })]);
    const got = [...r.push(bytes.subarray(0, 7)), ...r.push(bytes.subarray(7, 40)), ...r.push(bytes.subarray(40))];
    expect(got).toEqual([{ kind: 'started' }, { kind: 'load_error', message: 'üñí' }]);
    expect(r.violation).toBeNull();
  });

  it('decodes a large answer arriving in many small chunks', () => {
    const big = { kind: 'load_error', message: 'x'.repeat(4 << 20) };
    const bytes = frame(big);
    const r = new FrameReader(marker, 8 << 20);
    const got: unknown[] = [];
    for (let i = 0; i < bytes.length; i += 4096) got.push(...r.push(bytes.subarray(i, i + 4096)));
    expect(got).toEqual([big]);
    expect(r.violation).toBeNull();
  });

  it('refuses bytes that are not a frame, another marker, a wrong length, and keeps frames before them', () => {
    const noise = new FrameReader(marker, 1 << 20);
    expect(noise.push(Buffer.concat([frame({ kind: 'started' }), Buffer.from('PASSED 100%\n')]))).toEqual([{ kind: 'started' }]);
    expect(noise.violation).toMatch(/not a frame/);
    const other = new FrameReader(marker, 1 << 20);
    other.push(Buffer.from(encodeFrame('TYINGLAB-FRAME-other', '{}')));
    expect(other.violation).not.toBeNull();
    const wrongLength = new FrameReader(marker, 1 << 20);
    wrongLength.push(Buffer.from(`${marker} 5\n{}\n`));
    wrongLength.push(Buffer.from('xxxxxxxx'));
    expect(wrongLength.violation).toMatch(/length/);
  });

  it('refuses an answer nested millions deep without parsing it', () => {
    const depth = 3_500_000;
    const body = '['.repeat(depth) + ']'.repeat(depth);
    expect(jsonDepthExceeds(body, MAX_ANSWER_DEPTH)).toBe(true);
    // Five levels; brackets inside strings (escaped quotes included) do not count.
    const honest = JSON.stringify({ a: [[['[[[["', { b: '{{{{\\' }]]] });
    expect([jsonDepthExceeds(honest, 5), jsonDepthExceeds(honest, 4)]).toEqual([false, true]);
    const r = new FrameReader(marker, 16 << 20);
    expect(r.push(Buffer.from(encodeFrame(marker, body)))).toEqual([]);
    expect(r.violation).toMatch(/nested deeper/);
  });
});

describe('the conversation grammar', () => {
  it('accepts started, loaded (then sends the plan), answers', () => {
    const { c, planSent } = conversation();
    c.push(frame({ kind: 'started' }));
    expect(planSent()).toBe(0);
    c.push(frame({ kind: 'loaded' }));
    expect(planSent()).toBe(1);
    c.push(frame(answers));
    expect(c.violation).toBeNull();
    expect(c.final).toMatchObject({ kind: 'answers' });
  });

  it('takes an internal error or a compile error only before learner code ran', () => {
    const before = conversation().c;
    before.push(frame({ kind: 'internal_error', message: 'tfjs did not load' }));
    expect([before.violation, before.final?.kind, before.learnerStarted]).toEqual([null, 'internal_error', false]);
    for (const kind of ['internal_error', 'compile_error']) {
      const after = conversation().c;
      after.push(Buffer.concat([frame({ kind: 'started' }), frame({ kind, message: 'forged' })]));
      expect(after.final).toBeNull();
      expect(after.violation).toMatch(/not allowed/);
      expect(after.learnerStarted).toBe(true);
    }
  });

  it('rejects a second final frame, a frame after the final, and answers before the plan was sent', () => {
    const twice = conversation().c;
    twice.push(Buffer.concat([frame({ kind: 'started' }), frame({ kind: 'loaded' }), frame(answers), frame(answers)]));
    expect(twice.violation).toMatch(/after the final/);
    const early = conversation().c;
    early.push(Buffer.concat([frame({ kind: 'started' }), frame(answers)]));
    expect(early.violation).toMatch(/not allowed/);
    const loadedTwice = conversation();
    loadedTwice.c.push(Buffer.concat([frame({ kind: 'started' }), frame({ kind: 'loaded' }), frame({ kind: 'loaded' })]));
    expect(loadedTwice.c.violation).toMatch(/not allowed/);
    expect(loadedTwice.planSent()).toBe(1);
  });
});
