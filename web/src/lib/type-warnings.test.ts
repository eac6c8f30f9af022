import { MARKER_SEVERITY_ERROR, typeWarningHeadline, typeWarningsFrom } from './type-warnings';

const marker = (line: number, message: string, severity = MARKER_SEVERITY_ERROR, column = 1) => ({ severity, message, startLineNumber: line, startColumn: column });

describe('typeWarningsFrom', () => {
  it('keeps errors only, in line order, with the first line of each message', () => {
    const out = typeWarningsFrom([
      marker(9, "Property 'conv2dd' does not exist on type 'typeof import(\"@tensorflow/tfjs\")'.\n  Did you mean 'conv2d'?"),
      marker(3, 'unused', 4),
      marker(2, "Type 'string' is not assignable to type 'number'.", MARKER_SEVERITY_ERROR, 7),
    ]);
    expect(out.total).toBe(2);
    expect(out.warnings).toEqual([
      { line: 2, column: 7, message: "Type 'string' is not assignable to type 'number'." },
      { line: 9, column: 1, message: "Property 'conv2dd' does not exist on type 'typeof import(\"@tensorflow/tfjs\")'." },
    ]);
  });

  it('bounds how many and how long', () => {
    const out = typeWarningsFrom(Array.from({ length: 30 }, (_, i) => marker(i + 1, 'x'.repeat(1000))));
    expect(out.total).toBe(30);
    expect(out.warnings).toHaveLength(20);
    expect(out.warnings[0]!.message).toHaveLength(300);
    expect(out.warnings[0]!.message.endsWith('…')).toBe(true);
  });

  it('words the headline', () => {
    expect(typeWarningHeadline(1)).toBe('1 type error in the code you submitted');
    expect(typeWarningHeadline(3)).toBe('3 type errors in the code you submitted');
  });
});
