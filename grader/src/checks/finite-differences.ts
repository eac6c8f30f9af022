// Central finite differences computed on the trusted side from the learner's OWN forward losses:
// the plan names a few random coordinates and the exact float32 values to write there
// (w ± ε); the probe returns the two losses per coordinate as plain numbers. The slope
// (L⁺ − L⁻) / (w⁺ − w⁻) must agree with the gradient the learner reports.
import { z } from 'zod';
import { fact } from './display';
import { fmt, formatIndex, size, unravel, type NumTensor } from './tensor';
import type { CheckOutcome } from './types';

/** One probed coordinate: in the probe, set `param`'s flat element `index` to `plus`, then `minus`, then restore. */
export interface FdCoordinate {
  param: string;
  index: number;
  /** Exact float32 values to write (w ± ε rounded), so the step is known exactly. */
  plus: number;
  minus: number;
}

/** The probe's answer per coordinate, in plan order. */
export interface FdLosses {
  plus: number;
  minus: number;
}

export const fdLossesSchema = z.array(z.strictObject({ plus: z.number(), minus: z.number() })).max(1024);

export interface FiniteDifferencePlanOptions {
  /** Coordinates per parameter (default 3; fewer when the parameter is smaller). */
  perParam?: number;
  /** Step ε relative to max(1, |w|) (default 1e-2: float32 losses make smaller steps noisy). */
  eps?: number;
  /** Only these parameters (default: all of `weights`). */
  params?: string[];
}

/**
 * Picks random coordinates of the (grader-injected) weights with the trusted per-run RNG and the
 * values to write at them. Put the result in the plan; the probe does, for each coordinate c:
 * `w[c.param].flat[c.index] = c.plus` → loss, `= c.minus` → loss, then restores the value.
 */
export function finiteDifferencePlan(
  rng: { int(lo: number, hi: number): number },
  weights: Record<string, NumTensor>,
  opts: FiniteDifferencePlanOptions = {},
): FdCoordinate[] {
  const perParam = opts.perParam ?? 3;
  const eps = opts.eps ?? 1e-2;
  const out: FdCoordinate[] = [];
  for (const param of opts.params ?? Object.keys(weights)) {
    const w = weights[param];
    if (!w) throw new Error(`finiteDifferencePlan: no weight "${param}"`);
    const n = w.data.length;
    const chosen = new Set<number>();
    while (chosen.size < Math.min(perParam, n)) chosen.add(rng.int(0, n - 1));
    for (const index of [...chosen].sort((a, b) => a - b)) {
      const v = w.data[index]!;
      const h = eps * Math.max(1, Math.abs(v));
      out.push({ param, index, plus: Math.fround(v + h), minus: Math.fround(v - h) });
    }
  }
  return out;
}

/** Central-difference slopes (L⁺ − L⁻) / (w⁺ − w⁻), one per coordinate. */
export function fdSlopes(coords: readonly FdCoordinate[], losses: readonly FdLosses[]): number[] {
  return coords.map((c, i) => {
    const l = losses[i]!;
    return (l.plus - l.minus) / (c.plus - c.minus);
  });
}

export interface FiniteDifferencesInput {
  coordinates: FdCoordinate[];
  /** The learner's losses at w⁺ and w⁻ (fdLossesSchema), in plan order. */
  losses: FdLosses[];
  /** The gradient the learner reports, by parameter name. */
  gradient: Record<string, NumTensor>;
  /** |slope − g| ≤ atol + rtol·|slope|; default { atol: 1e-3, rtol: 2e-2 } (float32 differences are noisy). */
  tolerance?: { atol: number; rtol: number };
}

export const DEFAULT_FD_TOLERANCE = { atol: 1e-3, rtol: 2e-2 };

/** The learner's gradient vs central differences of the learner's own loss on a few coordinates. */
export function finiteDifferences({ coordinates, losses, gradient, tolerance = DEFAULT_FD_TOLERANCE }: FiniteDifferencesInput): CheckOutcome {
  if (coordinates.length === 0) throw new Error('finiteDifferences: no coordinates');
  if (losses.length !== coordinates.length) {
    return { passed: false, message: `Expected ${coordinates.length} pairs of losses for the finite-difference test, got ${losses.length}.` };
  }
  const slopes = fdSlopes(coordinates, losses);
  const rows = coordinates.map((c, i) => {
    const g = gradient[c.param];
    const value = g && c.index < g.data.length ? g.data[c.index]! : NaN;
    const slope = slopes[i]!;
    const diff = Math.abs(value - slope);
    return { param: c.param, index: g ? unravel(c.index, g.shape) : [c.index], gradient: value, finiteDifference: slope, diff, ok: diff <= tolerance.atol + tolerance.rtol * Math.abs(slope) };
  });
  const details = { finiteDifferences: rows, tolerance };
  const facts = [fact('coordinates tested', rows.length)];
  const missing = [...new Set(coordinates.map((c) => c.param).filter((p) => !gradient[p] || size(gradient[p].shape) !== gradient[p].data.length))];
  if (missing.length) return { passed: false, message: `No usable gradient for ${missing.map((m) => `"${m}"`).join(', ')} to compare with finite differences.`, facts, details };
  const bad = rows.filter((r) => !r.ok);
  const maxDiff = Math.max(...rows.map((r) => r.diff));
  facts.push(fact('largest difference from finite differences', maxDiff));
  if (bad.length === 0) {
    return { passed: true, message: `Your gradient agrees with finite differences of your own loss on ${rows.length} random coordinates (max difference ${fmt(maxDiff)}).`, facts, details };
  }
  const worst = bad.reduce((a, b) => (b.diff > a.diff ? b : a));
  return {
    passed: false,
    message:
      `Your gradient disagrees with finite differences of your own loss on ${bad.length} of ${rows.length} random coordinates: ` +
      `worst "${worst.param}" at ${formatIndex(worst.index)}, gradient ${fmt(worst.gradient)} but the loss changes at rate ${fmt(worst.finiteDifference)}. ` +
      `Your backward pass does not match your forward pass.`,
    facts,
    details,
  };
}
