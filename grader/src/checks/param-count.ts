// Behavioural parameter count: compares the weights a module declares (names and shapes, probed
// at several input sizes) with the expected ones. The companion matchesReference check injects
// values of exactly these shapes, so a module cannot declare one thing and compute with another.
import { z } from 'zod';
import { size } from './tensor';
import type { CheckOutcome } from './types';

export interface WeightSpec {
  name: string;
  shape: number[];
}

export const weightListSchema = z.array(z.strictObject({ name: z.string().max(200), shape: z.array(z.number().int().nonnegative()).max(8) })).max(1000);

export const countOf = (ws: readonly WeightSpec[]): number => ws.reduce((s, w) => s + size(w.shape), 0);
const fmtShape = (s: readonly number[]): string => `[${s.join(', ')}]`;
const list = (ws: readonly WeightSpec[]): string => (ws.length ? ws.map((w) => `${w.name} ${fmtShape(w.shape)}`).join(', ') : 'none');

export interface ParamCountInput {
  /** Declared weights, one list per probed situation (e.g. per image size). */
  declared: { label: string; weights: WeightSpec[] }[];
  expected: WeightSpec[];
  /** The formula shown to learners, e.g. "k·k·C_in·C_out + C_out = 3·3·3·16 + 16". */
  formula: string;
}

export function paramCount({ declared, expected, formula }: ParamCountInput): CheckOutcome {
  const expectedCount = countOf(expected);
  const counts = declared.map((d) => ({ label: d.label, count: countOf(d.weights) }));
  const details = { expectedCount, declaredCounts: counts, formula };
  const first = declared[0];
  if (!first) return { passed: false, message: 'No weights were reported.', details };

  const changing = counts.some((c) => c.count !== counts[0]!.count) || declared.some((d) => list(d.weights) !== list(first.weights));
  if (changing) {
    return {
      passed: false,
      message:
        `Your layer's parameters change with the input size (${counts.map((c) => `${c.count} at ${c.label}`).join(', ')}). ` +
        `Tied weights do not depend on the image size: expected ${expectedCount} = ${formula} everywhere.`,
      details,
    };
  }
  const declaredCount = counts[0]!.count;
  const byName = new Map(first.weights.map((w) => [w.name, w]));
  const problems: string[] = [];
  for (const e of expected) {
    const got = byName.get(e.name);
    if (!got) problems.push(`missing weight "${e.name}" ${fmtShape(e.shape)}`);
    else if (fmtShape(got.shape) !== fmtShape(e.shape)) problems.push(`"${e.name}" has shape ${fmtShape(got.shape)}, expected ${fmtShape(e.shape)}`);
  }
  const extra = first.weights.filter((w) => !expected.some((e) => e.name === w.name));
  if (extra.length) problems.push(`unexpected weight${extra.length > 1 ? 's' : ''} ${list(extra)}`);
  if (problems.length || declaredCount !== expectedCount) {
    return {
      passed: false,
      message: `Declared ${declaredCount} parameters, expected ${expectedCount} = ${formula}.${problems.length ? ` Problems: ${problems.join("; ")}.` : ""}`,
      details,
    };
  }
  return {
    passed: true,
    message: `${declaredCount} parameters (${formula}), the same at ${counts.map((c) => c.label).join(' and ')}.`,
    details,
  };
}
