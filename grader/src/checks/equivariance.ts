// Equivariance f(T x) = T' f(x), always paired with a non-triviality guard: a constant (or
// input-ignoring) function is trivially equivariant and must not pass.
import { fact } from './display';
import { compareData, fmt, formatIndex, type NumTensor } from './tensor';
import type { Transform } from './transforms';
import type { CheckOutcome } from './types';

export interface EquivarianceInput {
  /** f(x), f(T x) as returned by the learner's code. */
  fx: NumTensor;
  fTx: NumTensor;
  /** The action on outputs T' (applied to f(x) on the trusted side). */
  outputTransform: Transform;
  /** Flat indices where equality must hold (e.g. away from borders); all when omitted. */
  region?: number[];
  tolerance: { atol: number; rtol: number };
  axes?: string[];
  /** Relative spread below which the output counts as constant (guard). */
  minRelativeSpread?: number;
  /**
   * f(x') for an unrelated input x'. Required for invariance (identity output action), where
   * f(T x) = f(x) by design: the guard then requires f(x') ≠ f(x) instead of f(T x) ≠ f(x).
   */
  fOther?: NumTensor;
  /**
   * When set, pass iff ‖f(T x) − T′f(x)‖₂ / ‖T′f(x)‖₂ ≤ relativeTolerance over the region (instead of
   * elementwise atol + rtol), and the messages report that relative deviation.
   */
  relativeTolerance?: number;
}

/** ‖a − b‖₂ / ‖b‖₂ over flat indices (0 when both are zero). */
export function relativeDeviation(a: ArrayLike<number>, b: ArrayLike<number>, idx: readonly number[]): number {
  let num = 0;
  let den = 0;
  for (const i of idx) {
    num += (a[i]! - b[i]!) ** 2;
    den += b[i]! ** 2;
  }
  if (num === 0) return 0;
  return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-30);
}

function spread(data: ArrayLike<number>, idx: readonly number[]): { spread: number; scale: number } {
  let lo = Infinity;
  let hi = -Infinity;
  let scale = 0;
  for (const i of idx) {
    const v = data[i]!;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
    scale = Math.max(scale, Math.abs(v));
  }
  return { spread: idx.length ? hi - lo : 0, scale };
}

export function equivariance(input: EquivarianceInput): CheckOutcome {
  const { fx, fTx, outputTransform: T, tolerance, axes } = input;
  const expected = T.apply(fx);
  const shapeOk = expected.shape.length === fTx.shape.length && expected.shape.every((s, i) => s === fTx.shape[i]);
  if (!shapeOk) {
    return {
      passed: false,
      message: `After a ${T.describe} of the input the output has shape [${fTx.shape.join(', ')}], expected [${expected.shape.join(', ')}].`,
    };
  }
  const region = input.region ?? Array.from({ length: expected.data.length }, (_, i) => i);
  const invariance = T.name === 'identity';
  if (invariance && !input.fOther) throw new Error('equivariance: an invariance check (identity output action) needs fOther for its non-triviality guard');
  const g = spread(fx.data, region);
  const gT = spread(fTx.data, region);
  const minRel = input.minRelativeSpread ?? 1e-3;
  // Guard: the output must vary over the compared region and depend on the input.
  let moved = 0;
  for (const i of region) moved = Math.max(moved, Math.abs(fTx.data[i]! - fx.data[i]!));
  const scale = Math.max(g.scale, gT.scale, 1e-12);
  const details: Record<string, unknown> = { transform: T.describe, comparedValues: region.length, outputSpread: g.spread, outputChange: moved };
  const facts = [
    fact('compared values', region.length),
    fact('spread of your output (largest − smallest)', g.spread),
    fact('largest change of your output when the input is transformed', moved),
  ];
  let trivial: boolean;
  if (input.fOther) {
    // Another input must give another output (this also rules out constants).
    const other = input.fOther;
    let changed = other.data.length === fx.data.length ? 0 : Infinity;
    if (Number.isFinite(changed)) for (let i = 0; i < fx.data.length; i++) changed = Math.max(changed, Math.abs(other.data[i]! - fx.data[i]!));
    const oScale = Math.max(scale, spread(other.data, region).scale);
    details.otherInputChange = changed;
    facts.push(fact('largest change of your output for another input', changed));
    trivial = changed <= minRel * oScale + tolerance.atol;
  } else {
    trivial = g.spread <= minRel * scale + tolerance.atol || moved <= minRel * scale + tolerance.atol;
  }
  if (trivial) {
    return {
      passed: false,
      message:
        `Your output is (nearly) constant or does not depend on the input (spread ${fmt(g.spread)}), so ${invariance ? 'invariance' : 'equivariance'} under ${T.describe} ` +
        `says nothing. Make the layer compute something from its input (random initial weights, not zeros).`,
      facts,
      details,
    };
  }
  const rel = relativeDeviation(fTx.data, expected.data, region);
  details.relativeDeviation = rel;
  const cmp = compareData(fTx.data, expected.data, expected.shape, tolerance, region);
  Object.assign(details, { maxAbsErr: cmp.maxAbsErr, maxRelErr: cmp.maxRelErr, worst: cmp.worst, fractionClose: cmp.fractionClose });
  // The facts follow the criterion in use: the relative norm, or the share of values within tolerance.
  // The worst location only when the check fails (that of a negligible difference means nothing).
  const relative = input.relativeTolerance !== undefined;
  const failed = relative ? !(rel <= input.relativeTolerance!) : !cmp.passed;
  facts.push(fact('largest single difference', cmp.maxAbsErr));
  if (!relative) facts.push(fact('compared values that agree', `${fmt(cmp.fractionClose * 100)}%`));
  if (failed && cmp.worst) facts.push(fact('largest difference at', formatIndex(cmp.worst, axes)));
  if (input.relativeTolerance !== undefined) {
    const what = invariance ? 'Invariant' : 'Equivariant';
    const norm = invariance ? '‖f(Tx) − f(x)‖ / ‖f(x)‖' : "‖f(Tx) − T′f(x)‖ / ‖T′f(x)‖";
    details.relativeTolerance = input.relativeTolerance;
    facts.push(fact(`relative deviation ${norm}`, rel), fact('allowed relative deviation', input.relativeTolerance));
    if (rel <= input.relativeTolerance) {
      return { passed: true, message: `${what} under ${T.describe}: relative deviation ${norm} = ${fmt(rel)} (allowed ${fmt(input.relativeTolerance)}; largest single difference ${fmt(cmp.maxAbsErr)}) over ${region.length} compared values.`, facts, details };
    }
    return {
      passed: false,
      message:
        `Not ${what.toLowerCase()} under ${T.describe}: relative deviation ${norm} = ${fmt(rel)} (allowed ${fmt(input.relativeTolerance)}); ` +
        `largest difference ${fmt(cmp.maxAbsErr)} at ${formatIndex(cmp.worst ?? [], axes)}. ` +
        (invariance ? 'The output must not depend on this change of the input.' : 'The same weights must be applied at every position.'),
      facts,
      details,
    };
  }
  if (cmp.passed) {
    return { passed: true, message: `Equivariant under ${T.describe}: max deviation ${fmt(cmp.maxAbsErr)} over ${region.length} compared values.`, facts, details };
  }
  return {
    passed: false,
    message:
      `Not equivariant under ${T.describe}: transforming the input and transforming the output differ by up to ${fmt(cmp.maxAbsErr)} ` +
      `(worst at ${formatIndex(cmp.worst ?? [], axes)}; ${fmt(cmp.fractionClose * 100)}% of compared values agree). ` +
      `The same weights must be applied at every position.`,
    facts,
    details,
  };
}
