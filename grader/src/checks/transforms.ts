// Group actions on plain NumTensors used by equivariance checks: translations (zero-filled or
// circular), 90° rotations (with orientation-channel permutation for p4), and time shifts.
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
