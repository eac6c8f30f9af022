import { sanitizeLearnerText } from './learner-text';

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
