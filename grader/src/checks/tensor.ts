// Plain-number tensors as they travel in probe answers, their zod schema and comparison helpers.
import { z } from 'zod';

export interface NumTensor {
  shape: number[];
  data: number[];
}

export const MAX_TENSOR_SIZE = 1 << 20;

/** Schema for a tensor answer: integer shape, finite data, data.length = prod(shape). */
export function tensorSchema(opts: { rank?: number; maxSize?: number } = {}): z.ZodType<NumTensor> {
  const maxSize = opts.maxSize ?? MAX_TENSOR_SIZE;
  return z
    .strictObject({
      shape: z.array(z.number().int().nonnegative()).max(8),
      data: z.array(z.number()).max(maxSize),
    })
    .superRefine((t, ctx) => {
      if (opts.rank !== undefined && t.shape.length !== opts.rank) {
        ctx.addIssue({ code: 'custom', path: ['shape'], message: `expected rank ${opts.rank}, got shape [${t.shape.join(', ')}]` });
      }
      const size = t.shape.reduce((a, b) => a * b, 1);
      if (size !== t.data.length) ctx.addIssue({ code: 'custom', path: ['data'], message: `shape [${t.shape.join(', ')}] needs ${size} values, got ${t.data.length}` });
    });
}

export const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Row-major multi-index of flat index i. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    const s = shape[d]!;
    out[d] = i % s;
    i = Math.floor(i / s);
  }
  return out;
}

export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let i = 0;
  for (let d = 0; d < shape.length; d++) i = i * shape[d]! + idx[d]!;
  return i;
}

/** Short number formatting for messages. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a < 1e-3 || a >= 1e4 ? x.toExponential(1) : String(Number(x.toPrecision(3)));
}

export interface Comparison {
  passed: boolean;
  maxAbsErr: number;
  maxRelErr: number;
  /** Multi-index of the worst element (largest excess over tolerance). */
  worst: number[] | null;
  worstActual: number;
  worstExpected: number;
  /** Fraction of elements within tolerance. */
  fractionClose: number;
}

/** Elementwise |a-e| <= atol + rtol*|e| over an optional mask of flat indices. */
export function compareData(actual: ArrayLike<number>, expected: ArrayLike<number>, shape: readonly number[], tol: { atol: number; rtol: number }, indices?: readonly number[]): Comparison {
  let maxAbs = 0;
  let maxRel = 0;
  let worstExcess = -Infinity;
  let worstI = -1;
  let close = 0;
  const idx = indices ?? Array.from({ length: expected.length }, (_, i) => i);
  for (const i of idx) {
    const a = actual[i]!;
    const e = expected[i]!;
    const d = Math.abs(a - e);
    const ok = d <= tol.atol + tol.rtol * Math.abs(e);
    if (ok) close++;
    maxAbs = Math.max(maxAbs, d);
    maxRel = Math.max(maxRel, d / Math.max(Math.abs(e), 1e-12));
    const excess = d - (tol.atol + tol.rtol * Math.abs(e));
    if (excess > worstExcess) {
      worstExcess = excess;
      worstI = i;
    }
  }
  return {
    passed: close === idx.length,
    maxAbsErr: maxAbs,
    maxRelErr: maxRel,
    worst: worstI >= 0 ? unravel(worstI, shape) : null,
    worstActual: worstI >= 0 ? actual[worstI]! : NaN,
    worstExpected: worstI >= 0 ? expected[worstI]! : NaN,
    fractionClose: idx.length ? close / idx.length : 1,
  };
}

/** "[n=0, y=3, x=1, c=5]" when axis names are given, "[0, 3, 1, 5]" otherwise. */
export function formatIndex(idx: readonly number[], axes?: readonly string[]): string {
  return `[${idx.map((v, d) => (axes?.[d] ? `${axes[d]}=${v}` : String(v))).join(', ')}]`;
}
