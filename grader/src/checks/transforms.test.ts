import fc from 'fast-check';
import type { NumTensor } from './tensor';
import { compareData } from './tensor';
import {
  cropTranslation,
  identity,
  interiorIndices,
  invertPermutation,
  permutation,
  randomPermutation,
  rot90Spatial,
  rotationP4,
  shiftAxis,
  swapPair,
  timeShift,
  translation,
} from './transforms';
import { Rng } from '../util/rng';

const nhwc = (maxSide = 5, maxC = 8) =>
  fc
    .record({ n: fc.integer({ min: 1, max: 2 }), h: fc.integer({ min: 1, max: maxSide }), w: fc.integer({ min: 1, max: maxSide }), c: fc.integer({ min: 1, max: maxC }) })
    .chain(({ n, h, w, c }) =>
      fc.array(fc.float({ noNaN: true, min: -10, max: 10 }), { minLength: n * h * w * c, maxLength: n * h * w * c }).map((data): NumTensor => ({ shape: [n, h, w, c], data })),
    );
const square = nhwc().filter((t) => t.shape[1] === t.shape[2]);

describe('transforms (properties)', () => {
  it('circular translation composed with its inverse is the identity', () => {
    fc.assert(
      fc.property(nhwc(), fc.integer({ min: -7, max: 7 }), fc.integer({ min: -7, max: 7 }), (t, dy, dx) => {
        const T = translation(dy, dx, 'circular');
        expect(T.inverse().apply(T.apply(t))).toEqual(t);
      }),
    );
  });

  it('zero-filled translation keeps values where it does not fall off', () => {
    fc.assert(
      fc.property(nhwc(), fc.integer({ min: 0, max: 3 }), (t, k) => {
        const s = shiftAxis(t, 1, k, 'zero');
        const [n, h, w, c] = t.shape as [number, number, number, number];
        for (let i = 0; i < n * h * w * c; i++) {
          const y = Math.floor(i / (w * c)) % h;
          expect(s.data[i]).toBe(y < k ? 0 : t.data[i - k * w * c]);
        }
      }),
    );
  });

  it('four 90° rotations are the identity; rotation composed with its inverse too', () => {
    fc.assert(
      fc.property(nhwc(), fc.integer({ min: -5, max: 5 }), (t, k) => {
        let r = t;
        for (let i = 0; i < 4; i++) r = rot90Spatial(r, 1);
        expect(r).toEqual(t);
        expect(rot90Spatial(rot90Spatial(t, k), -k)).toEqual(t);
      }),
    );
  });

  it('p4 action with orientation channels: four steps = id, T∘T⁻¹ = id', () => {
    fc.assert(
      fc.property(square.filter((t) => t.shape[3]! % 4 === 0), fc.integer({ min: -3, max: 3 }), (t, k) => {
        const R = rotationP4(1, 4);
        expect(R.apply(R.apply(R.apply(R.apply(t))))).toEqual(t);
        const T = rotationP4(k, 4);
        expect(T.inverse().apply(T.apply(t))).toEqual(t);
      }),
    );
  });

  it('time shift composed with its inverse is the identity (circular)', () => {
    fc.assert(fc.property(nhwc(), fc.integer({ min: -6, max: 6 }), (t, k) => expect(timeShift(-k).apply(timeShift(k).apply(t))).toEqual(t)));
  });
});

const permOf = (n: number) =>
  fc.array(fc.nat(), { minLength: n, maxLength: n }).map((keys) => Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b));

describe('transforms (properties, continued)', () => {
  it('permutation then its inverse is the identity, on any axis', () => {
    fc.assert(
      fc.property(
        nhwc().chain((t) => fc.integer({ min: 0, max: 3 }).chain((axis) => permOf(t.shape[axis]!).map((p) => ({ t, axis, p })))),
        ({ t, axis, p }) => {
          const P = permutation(p, { axis });
          expect(P.inverse().apply(P.apply(t))).toEqual(t);
          expect(P.apply(P.inverse().apply(t))).toEqual(t);
          expect(invertPermutation(invertPermutation(p))).toEqual(p);
        },
      ),
    );
  });

  it('permutation composes like the group: P_q(P_p(t)) = P_(p∘q)(t)', () => {
    fc.assert(
      fc.property(
        nhwc().chain((t) => fc.tuple(permOf(t.shape[1]!), permOf(t.shape[1]!)).map(([p, q]) => ({ t, p, q }))),
        ({ t, p, q }) => {
          // out[i] = in[p[i]] then out'[i] = out[q[i]] = in[p[q[i]]].
          expect(permutation(q).apply(permutation(p).apply(t))).toEqual(permutation(q.map((i) => p[i]!)).apply(t));
        },
      ),
    );
  });

  it('swapping a pair twice is the identity; identity is the identity', () => {
    fc.assert(
      fc.property(nhwc().filter((t) => t.shape[0] === 2), (t) => {
        expect(swapPair().apply(swapPair().apply(t))).toEqual(t);
        expect(identity().apply(t)).toEqual(t);
      }),
    );
  });

  it('p4 rotations compose additively and their orientation permutation is cyclic', () => {
    fc.assert(
      fc.property(square.filter((t) => t.shape[3]! % 4 === 0), fc.integer({ min: -5, max: 5 }), fc.integer({ min: -5, max: 5 }), (t, a, b) => {
        expect(rotationP4(b, 4).apply(rotationP4(a, 4).apply(t))).toEqual(rotationP4(a + b, 4).apply(t));
        // With space fixed (1×1 image), the action is a pure cyclic shift of the orientation index.
        const px = { shape: [1, 1, 1, t.shape[3]!], data: t.data.slice(0, t.shape[3]!) };
        const r = rotationP4(a, 4).apply(px);
        for (let ch = 0; ch < px.shape[3]!; ch++) {
          const f = Math.floor(ch / 4);
          expect(r.data[f * 4 + ((((ch % 4) + a) % 4) + 4) % 4]).toBe(px.data[ch]);
        }
      }),
    );
  });

  it('crop-based translation: the shifted crop equals the zero-filled shift of x wherever that is defined', () => {
    fc.assert(
      fc.property(
        fc.record({ h: fc.integer({ min: 1, max: 6 }), w: fc.integer({ min: 1, max: 6 }), dy: fc.integer({ min: -3, max: 3 }), dx: fc.integer({ min: -3, max: 3 }), c: fc.integer({ min: 1, max: 3 }) }),
        fc.integer(),
        ({ h, w, dy, dx, c }, seed) => {
          const T = cropTranslation(dy, dx, h, w);
          const srcShape = T.sourceShape([1, h, w, c]);
          const rng = new Rng(seed);
          const src = { shape: srcShape, data: rng.normals(srcShape.reduce((a, b) => a * b, 1)) };
          const { x, shifted } = T.crops(src);
          expect(x.shape).toEqual([1, h, w, c]);
          const region = T.region(x.shape);
          expect(region.length).toBe(Math.max(0, h - Math.abs(dy)) * Math.max(0, w - Math.abs(dx)) * c);
          expect(compareData(shifted.data, T.outputTransform.apply(x).data, x.shape, { atol: 0, rtol: 0 }, region).passed).toBe(true);
          // …and with dy = dx = 0 both crops are the same image.
          const same = cropTranslation(0, 0, h, w).crops(src);
          expect(same.shifted).toEqual(same.x);
        },
      ),
    );
  });

  it('random permutations are permutations, seeded, and never the identity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.string(), (n, seed) => {
        const p = randomPermutation(new Rng(seed), n);
        expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        expect(p.some((v, i) => v !== i)).toBe(true);
        expect(randomPermutation(new Rng(seed), n)).toEqual(p);
      }),
    );
  });
});

describe('transforms (examples)', () => {
  it('rotates a 2×2 image counter-clockwise', () => {
    // [[1, 2], [3, 4]] -> [[2, 4], [1, 3]]
    expect(rot90Spatial({ shape: [1, 2, 2, 1], data: [1, 2, 3, 4] }, 1).data).toEqual([2, 4, 1, 3]);
  });
  it('p4 permutes the orientation channel cyclically', () => {
    const t = { shape: [1, 1, 1, 4], data: [10, 11, 12, 13] };
    expect(rotationP4(1).apply(t).data).toEqual([13, 10, 11, 12]);
  });
  it('permutes set elements and swaps a Siamese pair', () => {
    const set = { shape: [1, 3, 1], data: [10, 11, 12] };
    expect(permutation([2, 0, 1]).apply(set).data).toEqual([12, 10, 11]);
    expect(swapPair().apply({ shape: [2, 2], data: [1, 2, 3, 4] }).data).toEqual([3, 4, 1, 2]);
    expect(() => permutation([0, 0, 1])).toThrow(/not a permutation/);
  });
  it('crop translation takes the shifted crop up-left of x', () => {
    // 1×3 source row [1, 2, 3]; 2-wide crops shifted by dx = 1: x = [2, 3], shifted = [1, 2].
    const T = cropTranslation(0, 1, 1, 2);
    const { x, shifted } = T.crops({ shape: [1, 1, 3, 1], data: [1, 2, 3] });
    expect([x.data, shifted.data, T.region(x.shape)]).toEqual([[2, 3], [1, 2], [1]]);
  });
  it('interior indices skip the borders', () => {
    expect(interiorIndices([1, 4, 4, 1], 1)).toEqual([5, 6, 9, 10]);
  });
});
