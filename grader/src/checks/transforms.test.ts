import fc from 'fast-check';
import type { NumTensor } from './tensor';
import { interiorIndices, rot90Spatial, rotationP4, shiftAxis, timeShift, translation } from './transforms';

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

describe('transforms (examples)', () => {
  it('rotates a 2×2 image counter-clockwise', () => {
    // [[1, 2], [3, 4]] -> [[2, 4], [1, 3]]
    expect(rot90Spatial({ shape: [1, 2, 2, 1], data: [1, 2, 3, 4] }, 1).data).toEqual([2, 4, 1, 3]);
  });
  it('p4 permutes the orientation channel cyclically', () => {
    const t = { shape: [1, 1, 1, 4], data: [10, 11, 12, 13] };
    expect(rotationP4(1).apply(t).data).toEqual([13, 10, 11, 12]);
  });
  it('interior indices skip the borders', () => {
    expect(interiorIndices([1, 4, 4, 1], 1)).toEqual([5, 6, 9, 10]);
  });
});
