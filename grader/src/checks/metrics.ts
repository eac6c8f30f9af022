// Leaderboard measurements the check library makes on the trusted side (CheckOutcome.metrics):
// numbers computed here from answers already validated against the reference's, so learner code
// can only move them by computing differently, never by reporting a number.
import type { CheckMetrics } from './types';

/**
 * ‖actual − expected‖₂ / ‖expected‖₂ over every compared value together: one number for how
 * faithfully the learner's computation reproduces the reference's, insensitive to the near-zero
 * elements that make the largest element-wise relative error noisy. Undefined when nothing (or no
 * finite value) was compared; 0 when the reference is all zeros and the learner's values are too.
 */
export function relativeL2Error(pairs: readonly { actual: readonly number[]; expected: readonly number[] }[]): number | undefined {
  let diff = 0;
  let norm = 0;
  let n = 0;
  for (const { actual, expected } of pairs) {
    if (actual.length !== expected.length) return undefined;
    for (let i = 0; i < expected.length; i++) {
      const d = actual[i]! - expected[i]!;
      diff += d * d;
      norm += expected[i]! * expected[i]!;
      n++;
    }
  }
  if (n === 0 || !Number.isFinite(diff) || !Number.isFinite(norm)) return undefined;
  if (norm === 0) return diff === 0 ? 0 : undefined;
  return Math.sqrt(diff) / Math.sqrt(norm);
}

/** `metrics` for an outcome: only the kinds actually measured (finite, non-negative). */
export function metricsOf(values: CheckMetrics): CheckMetrics | undefined {
  const kept = Object.entries(values).filter(([, v]) => typeof v === 'number' && Number.isFinite(v) && v >= 0);
  return kept.length ? (Object.fromEntries(kept) as CheckMetrics) : undefined;
}
