// normalStream: the noise a plan describes by its seed must be the same wherever a probe runs, and
// stay the same across releases (the exercises' reference numbers are computed from it).
import { normalStream } from './noise';

describe('normalStream', () => {
  it('replays the same numbers from the same seed, others from another', () => {
    const draw = (seed: number) => {
      const next = normalStream(seed);
      return Array.from({ length: 5 }, next);
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(42).map((v) => Number(v.toFixed(6)))).toMatchInlineSnapshot(`
[
  -0.956162,
  -0.273026,
  -1.841627,
  -1.140882,
  -0.529434,
]
`);
  });

  it('is standard normal', () => {
    const next = normalStream(7);
    const xs = Array.from({ length: 20000 }, next);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});
