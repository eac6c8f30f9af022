import { boundCheckResults, escapeForLog, reduceSandboxResponse, RESULT_BOUNDS, sanitizeLearnerText } from './learner-text';

describe('sanitizeLearnerText', () => {
  it('keeps honest error messages readable', () => {
    expect(sanitizeLearnerText('submission.ts:2:11 - Unexpected token, expected ","')).toBe('submission.ts:2:11 - Unexpected token, expected ","');
    expect(sanitizeLearnerText('Error: Operands could not be broadcast together with shapes 2,8,8,16 and 3,3,3,16. (submission.ts line 12)')).toBe(
      'Error: Operands could not be broadcast together with shapes 2,8,8,16 and 3,3,3,16. (submission.ts line 12)',
    );
  });

  it('redacts data a submission tries to smuggle out through an error message', () => {
    const hidden = [0.4213, -1.0771, 0.0032, 2.5, -0.75, 1.1e-3];
    const out = sanitizeLearnerText(`Error: ${JSON.stringify(hidden)}`);
    for (const v of hidden) expect(out).not.toContain(String(v));
    expect(out).toBe('Error: […]');
    expect(sanitizeLearnerText('Error: 1,2,3,4,5,6,7,8,9,10,11,12')).toBe('Error: …');
    expect(sanitizeLearnerText('Error: 42137710032')).toBe('Error: …');
  });

  it('keeps one line of bounded length without control characters', () => {
    const out = sanitizeLearnerText(`Error: a\u0007b\nsecond line\n${'x'.repeat(1000)}`);
    expect(out).toBe('Error: a b');
    expect(sanitizeLearnerText('y'.repeat(1000)).length).toBeLessThanOrEqual(300);
  });
});

describe('escapeForLog', () => {
  it('makes control characters visible, so learner text cannot start or overwrite a log line', () => {
    const forged = 'x\r\n2026-01-01T00:00:00.000Z worker=w ALERT forged\u001b[2K\u202e';
    const out = escapeForLog(forged);
    expect(out).not.toMatch(/[\u0000-\u001f\u202e]/);
    expect(out).toBe('x\\u000d\\u000a2026-01-01T00:00:00.000Z worker=w ALERT forged\\u001b[2K\\u202e');
    expect(escapeForLog('z'.repeat(10_000)).endsWith('(truncated)')).toBe(true);
    expect(escapeForLog('z'.repeat(10_000)).length).toBeLessThanOrEqual(2000);
  });
});

describe('boundCheckResults', () => {
  const check = (over: Record<string, unknown> = {}) => ({ name: 'c', title: 'C', points: 1, maxPoints: 1, passed: true, message: 'ok', visibility: 'VISIBLE', facts: [], plots: [], ...over });

  it('cuts messages (marked), drops oversized extras, and repairs points', () => {
    const [a, b, c] = boundCheckResults([
      check({ message: `${'m'.repeat(100_000)}\u001b` }),
      check({ facts: Array.from({ length: 5000 }, (_, i) => ({ label: `f${i}`, value: i })) }),
      check({ points: Number.NaN }),
    ]);
    expect(a!.message.length).toBeLessThanOrEqual(RESULT_BOUNDS.messageChars);
    expect(a!.message.endsWith('… (truncated)')).toBe(true);
    expect(b!.facts).toEqual([]);
    expect(b!.message).toContain('details omitted');
    expect(c!.points).toBe(0);
  });

  it('makes control characters visible everywhere, facts included (a text column refuses NUL)', () => {
    const [r] = boundCheckResults([check({ message: 'a\u0000b', facts: [{ label: 'x\u001b', value: 'y\u0000' }] })]);
    expect(r!.message).toBe('a\\u0000b');
    expect(r!.facts).toEqual([{ label: 'x\\u001b', value: 'y\\u0000' }]);
  });

  it('keeps any number of checks under the total budget', () => {
    const many = Array.from({ length: 60 }, (_, i) => check({ name: `c${i}`, message: '‹'.repeat(5000), facts: [{ label: 'x', value: 'y'.repeat(3000) }] }));
    const out = boundCheckResults(many);
    expect(out).toHaveLength(60);
    expect(Buffer.byteLength(JSON.stringify(out))).toBeLessThanOrEqual(RESULT_BOUNDS.totalBytes);
  });

  it('leaves an honest result as it is', () => {
    const honest = [check({ facts: [{ label: 'largest error', value: 1e-7 }] })];
    expect(boundCheckResults(honest)).toEqual(honest);
  });
});

describe('reduceSandboxResponse (what of the sandbox reaches a learner)', () => {
  const reference = { declared: { ok: true as const, value: [{ label: 'a 2×8×8 batch', weights: [{ name: 'kernel', shape: [3] }] }], ms: 1 } };
  const view = { probeNames: ['declared', 'shift'], plan: { inputs: [{ label: 'a 2×8×8 batch' }] }, reference, filename: 'submission.ts', sourceLines: 40 };

  it('keeps names the trusted side knows and replaces every other string by a stable placeholder', () => {
    const res = reduceSandboxResponse(
      {
        kind: 'answers',
        tfReadyMs: 1,
        probes: {
          declared: { ok: true, value: [{ label: 'a 2×8×8 batch', weights: [{ name: 'kernel', shape: [3] }, { name: 'w4213770', shape: [1] }, { name: 'fourtwoone', shape: [1] }, { name: 'w4213770', shape: [1] }] }], ms: 1 },
          injected: { ok: true, value: 'not a probe of this exercise', ms: 1 },
        },
      },
      view,
    );
    expect(res.probes.declared).toEqual({
      ok: true,
      value: [{ label: 'a 2×8×8 batch', weights: [{ name: 'kernel', shape: [3] }, { name: '‹name #1›', shape: [1] }, { name: '‹name #2›', shape: [1] }, { name: '‹name #1›', shape: [1] }] }],
      ms: 1,
    });
    expect(res.probes).not.toHaveProperty('injected');
  });

  it('replaces unknown object keys too (a key "__proto__" stays a plain key)', () => {
    const value = JSON.parse('{"kernel":1,"__proto__":2,"Zm91cg==":3}') as unknown;
    const res = reduceSandboxResponse({ kind: 'answers', tfReadyMs: 1, probes: { declared: { ok: true, value, ms: 1 } } }, view);
    const out = (res.probes.declared as { value: Record<string, number> }).value;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.entries(out)).toEqual([
      ['kernel', 1],
      ['‹name #1›', 2],
      ['‹name #2›', 3],
    ]);
  });

  it('says of a probe error only its standard class and a line within the file, never its message', () => {
    const probes = {
      declared: { ok: false as const, error: 'TypeError: leak 0.4213770 fourtwoone NDIxMw== (submission.ts line 12)', errorClass: 'TypeError', line: 12, ms: 1 },
      shift: { ok: false as const, error: 'E4213770: leak', errorClass: 'E4213770', line: 4213770, ms: 1 },
    };
    const res = reduceSandboxResponse({ kind: 'answers', tfReadyMs: 1, probes }, view);
    expect(res.probes.declared).toMatchObject({ ok: false, error: expect.stringMatching(/^threw a TypeError \(submission\.ts line 12\); its message is not shown/) });
    expect(res.probes.shift).toMatchObject({ ok: false, error: expect.stringMatching(/^threw an error; /) });
    expect(JSON.stringify(res)).not.toMatch(/4213|fourtwo|NDIx/);
  });

  it('shows compile and load errors as one sanitised line', () => {
    expect(reduceSandboxResponse({ kind: 'load_error', message: 'ReferenceError: x is not defined (submission.ts line 3)\nmore' }, view)).toEqual({
      kind: 'load_error',
      message: 'ReferenceError: x is not defined (submission.ts line 3)',
    });
  });
});
