// Outputs compared with the reference for the same inputs and the same (injected) weights.
import { fact } from './display';
import { metricsOf, relativeL2Error } from './metrics';
import { compareData, fmt, formatIndex, type NumTensor } from './tensor';
import type { CheckOutcome, Fact } from './types';

export interface MatchesReferenceInput {
  /** One entry per probed input, e.g. per image size. */
  /**
   * `threw`: the learner's code threw for this input (the probe caught it, so the other inputs are
   * still compared); the case fails without a comparison.
   */
  cases: { label: string; actual: NumTensor; expected: NumTensor; threw?: boolean }[];
  tolerance: { atol: number; rtol: number };
  /** Axis names for the worst-location report, e.g. ['n', 'y', 'x', 'c']. */
  axes?: string[];
  /** What is compared, e.g. "output". */
  what?: string;
}

export function matchesReference({ cases, tolerance, axes, what = 'output' }: MatchesReferenceInput): CheckOutcome {
  // Nothing compared is an exercise bug; it must never pass by default.
  if (cases.length === 0) throw new Error('matchesReference: no cases to compare');
  const rows: Record<string, unknown>[] = [];
  const facts: Fact[] = [];
  let passedCases = 0;
  const failures: string[] = [];
  for (const c of cases) {
    if (c.threw) {
      failures.push(`for ${c.label} your code threw an error`);
      rows.push({ label: c.label, threw: true });
      facts.push(fact(`largest error for ${c.label}`, 'threw an error'));
      continue;
    }
    const shapeOk = c.actual.shape.length === c.expected.shape.length && c.actual.shape.every((s, i) => s === c.expected.shape[i]);
    if (!shapeOk) {
      failures.push(`for ${c.label} your ${what} has shape [${c.actual.shape.join(', ')}], expected [${c.expected.shape.join(', ')}]`);
      rows.push({ label: c.label, shapeMismatch: true, actualShape: c.actual.shape, expectedShape: c.expected.shape });
      facts.push(fact(`largest error for ${c.label}`, 'wrong shape'));
      continue;
    }
    const cmp = compareData(c.actual.data, c.expected.data, c.expected.shape, tolerance);
    rows.push({ label: c.label, maxAbsErr: cmp.maxAbsErr, maxRelErr: cmp.maxRelErr, fractionClose: cmp.fractionClose, worst: cmp.worst });
    facts.push(fact(`largest error for ${c.label}`, cmp.maxAbsErr));
    if (cmp.passed) passedCases++;
    else {
      failures.push(
        `for ${c.label} max abs error ${fmt(cmp.maxAbsErr)} (max rel error ${fmt(cmp.maxRelErr)}), worst at ${formatIndex(cmp.worst ?? [], axes)}: ` +
          `got ${fmt(cmp.worstActual)}, expected ${fmt(cmp.worstExpected)}; ${fmt(cmp.fractionClose * 100)}% of values within tolerance`,
      );
    }
  }
  const tol = `|error| ≤ ${fmt(tolerance.atol)} + ${fmt(tolerance.rtol)}·|reference|`;
  const details = { cases: rows, tolerance };
  // One fact per probed input (a handful per exercise); capped to stay within the contract's limit.
  const shown = [...facts.slice(0, 12), fact('inputs that match', `${passedCases} of ${cases.length}`), fact('tolerance', tol)];
  if (failures.length === 0) {
    const worst = Math.max(...rows.map((r) => (r.maxAbsErr as number) ?? 0));
    const relativeError = relativeL2Error(cases.map((c) => ({ actual: c.actual.data, expected: c.expected.data })));
    const metrics = metricsOf({ 'relative-error': relativeError });
    return { passed: true, message: `Your ${what} matches the reference (max abs error ${fmt(worst)}, tolerance ${tol}).`, facts: shown, details, ...(metrics ? { metrics } : {}) };
  }
  return {
    passed: false,
    // Partial credit: the share of probed inputs that matched.
    fraction: cases.length ? passedCases / cases.length : 0,
    message: `Your ${what} differs from the reference: ${failures.join('; ')}. Tolerance: ${tol}.`,
    facts: shown,
    details,
  };
}
