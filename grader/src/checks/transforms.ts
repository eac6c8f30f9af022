// Group actions on plain NumTensors used by equivariance checks: translations (zero-filled,
// circular, or crop-based for 'valid' padding), 90° rotations (with orientation-channel
// permutation for p4), time shifts, permutations (set elements, Siamese pairs) and the identity.
import { ravel, size, unravel, type NumTensor } from './tensor';

export interface Transform {
  name: string;
  /** Human description for messages, e.g. "shift by (2, 1)". */
  describe: string;
  apply(t: NumTensor): NumTensor;
  inverse(): Transform;
}

function mapIndices(t: NumTensor, outShape: number[], src: (outIdx: number[]) => number[] | null): NumTensor {
  const n = size(outShape);
  const data = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const from = src(unravel(i, outShape));
    data[i] = from ? t.data[ravel(from, t.shape)]! : 0;
  }
  return { shape: [...outShape], data };
}

const mod = (a: number, m: number): number => ((a % m) + m) % m;

/** out[..., i, ...] = in[..., i - k, ...] along `axis` (zero fill or wrap-around). */
export function shiftAxis(t: NumTensor, axis: number, k: number, mode: 'zero' | 'circular'): NumTensor {
  const len = t.shape[axis]!;
  return mapIndices(t, t.shape, (o) => {
    const j = o[axis]! - k;
    if (mode === 'circular') return o.map((v, d) => (d === axis ? mod(j, len) : v));
    return j >= 0 && j < len ? o.map((v, d) => (d === axis ? j : v)) : null;
  });
}

/** Translation of an NHWC tensor by (dy, dx). */
export function translation(dy: number, dx: number, mode: 'zero' | 'circular' = 'circular'): Transform {
  return {
    name: 'translation',
    describe: `shift by (${dy}, ${dx})${mode === 'zero' ? ' with zero fill' : ' (circular)'}`,
    apply: (t) => shiftAxis(shiftAxis(t, 1, dy, mode), 2, dx, mode),
    inverse: () => translation(-dy, -dx, mode),
  };
}

/** Time shift of an [N, T, ...] tensor by k steps. */
export function timeShift(k: number, mode: 'zero' | 'circular' = 'circular'): Transform {
  return {
    name: 'time-shift',
    describe: `time shift by ${k}${mode === 'zero' ? ' with zero fill' : ' (circular)'}`,
    apply: (t) => shiftAxis(t, 1, k, mode),
    inverse: () => timeShift(-k, mode),
  };
}

/** Counter-clockwise rotation by k·90° of the (H, W) axes 1, 2 of an NHWC tensor (H must equal W for odd k). */
export function rot90Spatial(t: NumTensor, k: number): NumTensor {
  const kk = mod(k, 4);
  if (kk === 0) return { shape: [...t.shape], data: [...t.data] };
  const [, h, w] = t.shape as [number, number, number];
  const outShape = [...t.shape];
  if (kk % 2 === 1) {
    outShape[1] = w;
    outShape[2] = h;
  }
  return mapIndices(t, outShape, (o) => {
    const [i, j] = [o[1]!, o[2]!];
    // Inverse map: which input position lands on output (i, j).
    let si: number;
    let sj: number;
    if (kk === 1) [si, sj] = [j, w - 1 - i];
    else if (kk === 2) [si, sj] = [h - 1 - i, w - 1 - j];
    else [si, sj] = [h - 1 - j, i];
    const src = [...o];
    src[1] = si;
    src[2] = sj;
    return src;
  });
}

/**
 * p4 action on an NHWC tensor whose last axis is [features × orientations] (orientation fastest):
 * rotates space by k·90° and cyclically shifts the orientation index by k. orientations=1 means a
 * plain rotation (e.g. for the input image).
 */
export function rotationP4(k: number, orientations = 4): Transform {
  return {
    name: 'rotation-p4',
    describe: `rotation by ${mod(k, 4) * 90}°`,
    apply: (t) => {
      const r = rot90Spatial(t, k);
      if (orientations === 1) return r;
      const c = t.shape[3]!;
      if (c % orientations !== 0) throw new Error(`channels (${c}) not divisible by orientations (${orientations})`);
      return mapIndices(r, r.shape, (o) => {
        const ch = o[3]!;
        const f = Math.floor(ch / orientations);
        const ori = ch % orientations;
        const src = [...o];
        src[3] = f * orientations + mod(ori - k, orientations);
        return src;
      });
    },
    inverse: () => rotationP4(-k, orientations),
  };
}

/** Flat indices of an NHWC tensor at least `margin` away from every spatial border. */
export function interiorIndices(shape: readonly number[], margin: number): number[] {
  const out: number[] = [];
  const [, h, w] = shape as [number, number, number];
  for (let i = 0; i < size(shape); i++) {
    const idx = unravel(i, shape);
    const y = idx[1]!;
    const x = idx[2]!;
    if (y >= margin && y < h - margin && x >= margin && x < w - margin) out.push(i);
  }
  return out;
}

/** The identity: for invariance checks (f(T x) = f(x)). Pair it with a `fOther` guard. */
export function identity(describe = 'no change'): Transform {
  const T: Transform = {
    name: 'identity',
    describe,
    apply: (t) => ({ shape: [...t.shape], data: [...t.data] }),
    inverse: () => T,
  };
  return T;
}

/** perm as "(2 0 1)" for messages. */
const fmtPerm = (perm: readonly number[]): string => `(${perm.join(' ')})`;

/** The inverse permutation q with q[perm[i]] = i. */
export function invertPermutation(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

function assertPermutation(perm: readonly number[]): void {
  const seen = new Set(perm);
  if (seen.size !== perm.length || perm.some((p) => !Number.isInteger(p) || p < 0 || p >= perm.length)) {
    throw new Error(`not a permutation of 0..${perm.length - 1}: ${fmtPerm(perm)}`);
  }
}

/**
 * Permutation of the entries along `axis`: out[..., i, ...] = in[..., perm[i], ...]. Use axis 1 for
 * the elements of a set batch [N, S, D], axis 0 for the two inputs of a Siamese pair stacked as
 * [2, ...] (`swapPair()`).
 */
export function permutation(perm: readonly number[], opts: { axis?: number; what?: string } = {}): Transform {
  assertPermutation(perm);
  const axis = opts.axis ?? 1;
  const what = opts.what ?? 'set elements';
  const p = [...perm];
  return {
    name: 'permutation',
    describe: `permutation ${fmtPerm(p)} of the ${what}`,
    apply: (t) => {
      if (t.shape[axis] !== p.length) throw new Error(`permutation of length ${p.length} applied to axis ${axis} of shape [${t.shape.join(', ')}]`);
      return mapIndices(t, t.shape, (o) => o.map((v, d) => (d === axis ? p[v]! : v)));
    },
    inverse: () => permutation(invertPermutation(p), { axis, what }),
  };
}

/** Swapping the two inputs of a Siamese pair stacked along `axis` (default 0). */
export function swapPair(axis = 0): Transform {
  const T = permutation([1, 0], { axis, what: 'two inputs of the pair' });
  return { ...T, name: 'swap-pair', describe: 'swapping the two inputs of the pair' };
}

/** A uniformly random permutation of 0..n-1 drawn from the trusted per-run RNG (never the identity for n > 1). */
export function randomPermutation(rng: { int(lo: number, hi: number): number }, n: number): number[] {
  for (;;) {
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [p[i], p[j]] = [p[j]!, p[i]!];
    }
    if (n < 2 || p.some((v, i) => v !== i)) return p;
  }
}

/** out = t[:, y0:y0+h, x0:x0+w, :] of an NHWC tensor. */
export function cropSpatial(t: NumTensor, y0: number, x0: number, h: number, w: number): NumTensor {
  const [n, H, W, c] = t.shape as [number, number, number, number];
  if (y0 < 0 || x0 < 0 || y0 + h > H || x0 + w > W) throw new Error(`crop [${y0}, ${x0}] ${h}×${w} outside a ${H}×${W} image`);
  return mapIndices(t, [n, h, w, c], (o) => [o[0]!, o[1]! + y0, o[2]! + x0, o[3]!]);
}

/** Flat indices of an NHWC tensor shifted by (dy, dx) with zero fill that hold real (not filled) values. */
export function shiftedRegion(shape: readonly number[], dy: number, dx: number): number[] {
  const [, h, w] = shape as [number, number, number];
  const out: number[] = [];
  for (let i = 0; i < size(shape); i++) {
    const idx = unravel(i, shape);
    const y = idx[1]! - dy;
    const x = idx[2]! - dx;
    if (y >= 0 && y < h && x >= 0 && x < w) out.push(i);
  }
  return out;
}

/**
 * Translation for layers with 'valid' padding (no zero border): both inputs are h×w crops of one
 * larger image (h+|dy|)×(w+|dx|), the second one taken (dy, dx) pixels up-left, so its content is
 * the first one's moved by (dy, dx) with real pixels — not zeros — coming in. Then
 * f(shifted)[i, j] = f(x)[i-dy, j-dx] wherever the right side exists: compare with
 * `outputTransform` over `region(outShape)`; no border margin is needed.
 */
export interface CropTranslation {
  dy: number;
  dx: number;
  describe: string;
  /** Shape [N, h+|dy|, w+|dx|, C] of the larger image to draw, for inputs of shape [N, h, w, C]. */
  sourceShape(inputShape: readonly number[]): number[];
  /** The two crops of the larger image: x and its shifted copy. */
  crops(source: NumTensor): { x: NumTensor; shifted: NumTensor };
  /** Output action: shift by (dy, dx) with zero fill (the filled part is excluded by `region`). */
  outputTransform: Transform;
  region(outShape: readonly number[]): number[];
}

export function cropTranslation(dy: number, dx: number, h: number, w: number): CropTranslation {
  const describe = `shift by (${dy}, ${dx}) (crops of a larger image)`;
  const oy = Math.max(dy, 0);
  const ox = Math.max(dx, 0);
  return {
    dy,
    dx,
    describe,
    sourceShape: (s) => [s[0]!, h + Math.abs(dy), w + Math.abs(dx), s[3]!],
    crops: (src) => ({ x: cropSpatial(src, oy, ox, h, w), shifted: cropSpatial(src, oy - dy, ox - dx, h, w) }),
    outputTransform: { ...translation(dy, dx, 'zero'), describe },
    region: (outShape) => shiftedRegion(outShape, dy, dx),
  };
}
