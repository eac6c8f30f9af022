// Behavioural parameter count: compares the weights a module declares (names and shapes, probed
// at several input sizes) with the expected ones. The companion matchesReference check injects
// values of exactly these shapes, so a module cannot declare one thing and compute with another.
import { z } from 'zod';
import { fact } from './display';
import { size } from './tensor';
import type { CheckOutcome } from './types';

export interface WeightSpec {
  name: string;
  shape: number[];
}

// Bounded so a submission cannot make the messages that list weights long (the names themselves
// reach a learner only when the trusted side knows them: learner-text.ts).
export const weightListSchema = z.array(z.strictObject({ name: z.string().max(64), shape: z.array(z.number().int().nonnegative()).max(8) })).max(256);

export const countOf = (ws: readonly WeightSpec[]): number => ws.reduce((s, w) => s + size(w.shape), 0);
const fmtShape = (s: readonly number[]): string => `[${s.join(', ')}]`;
const list = (ws: readonly WeightSpec[]): string => (ws.length ? ws.map((w) => `${w.name} ${fmtShape(w.shape)}`).join(', ') : 'none');

export interface ParamCountInput {
  /** Declared weights, one list per probed situation (e.g. per image size). */
  declared: { label: string; weights: WeightSpec[] }[];
  expected: WeightSpec[];
  /** The formula shown to learners, e.g. "k·k·C_in·C_out + C_out = 3·3·3·16 + 16". */
  formula: string;
  /**
   * What the count must not depend on, as the exercise's statement says: "image size" (the default
   * wording), "sequence length", "depth", "set size"… `declared` then holds one list per value of it.
   */
  independentOf?: string;
  /**
   * The behavioural half: the outcome of comparing outputs with the reference after
   * loading random values of exactly the declared shapes (usually a matchesReference outcome).
   * When given and failed, the count is not confirmed even if the shapes look right.
   */
  behaviour?: CheckOutcome;
}

export function paramCount({ declared, expected, formula, independentOf, behaviour }: ParamCountInput): CheckOutcome {
  const expectedCount = countOf(expected);
  const counts = declared.map((d) => ({ label: d.label, count: countOf(d.weights) }));
  const details: Record<string, unknown> = { expectedCount, declaredCounts: counts, formula };
  // One count per probed situation (two or three in practice; capped for the contract's limit).
  const facts = [fact('expected parameters', expectedCount), fact('formula', formula), ...counts.slice(0, 8).map((c) => fact(`your parameters at ${c.label}`, c.count))];
  if (independentOf) {
    details.independentOf = independentOf;
    // An exercise bug, not a learner's: independence needs at least two probed values.
    if (declared.length < 2) throw new Error(`paramCount: independentOf "${independentOf}" needs declared weights at two or more values`);
  }
  const first = declared[0];
  if (!first) return { passed: false, message: 'No weights were reported.', facts, details };

  const changing = counts.some((c) => c.count !== counts[0]!.count) || declared.some((d) => list(d.weights) !== list(first.weights));
  if (changing) {
    return {
      passed: false,
      message:
        `Your layer's parameters change with the ${independentOf ?? 'input size'} (${counts.map((c) => `${c.count} at ${c.label}`).join(', ')}). ` +
        `Tied weights do not depend on the ${independentOf ?? 'image size'}: expected ${expectedCount} = ${formula} everywhere.`,
      facts,
      details,
    };
  }
  const declaredCount = counts[0]!.count;
  details.declaredCount = declaredCount;
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
      facts,
      details,
    };
  }
  if (behaviour) {
    details.behaviourPassed = behaviour.passed;
    if (!behaviour.passed) {
      return {
        passed: false,
        message:
          `Declared ${declaredCount} parameters with the expected shapes, but with random values of these shapes loaded your output ` +
          `does not match the reference, so the count is not confirmed by behaviour: ${behaviour.message}`,
        facts,
      details,
      };
    }
  }
  const same = `the same at ${counts.map((c) => c.label).join(' and ')}`;
  return {
    passed: true,
    message: `${declaredCount} parameters (${formula}), ${same}${independentOf ? `: independent of the ${independentOf}` : ''}.`,
    facts,
    details,
    // Counted here from the declared shapes, and only once they are confirmed: a passing count.
    metrics: { 'trainable-parameters': declaredCount },
  };
}
