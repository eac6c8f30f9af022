import { Rng } from './rng';

describe('Rng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = new Rng('seed-1').uniforms(5);
    expect(new Rng('seed-1').uniforms(5)).toEqual(a);
    expect(new Rng('seed-2').uniforms(5)).not.toEqual(a);
  });
  it('draws roughly standard normals and ints in range', () => {
    const r = new Rng(42);
    const xs = r.normals(20000);
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    const varc = xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(varc - 1)).toBeLessThan(0.05);
    for (let i = 0; i < 1000; i++) {
      const k = r.int(2, 4);
      expect(k).toBeGreaterThanOrEqual(2);
      expect(k).toBeLessThanOrEqual(4);
    }
  });
});
