// Noise a probe regenerates from a seed in the plan, identical in the sandbox, the grader and the
// browser: a plan can then describe a large Monte-Carlo sample by its seed instead of its numbers.

/** Standard normal numbers from a 32-bit seed: mulberry32 uniforms, Box–Muller (cosine branch only). */
export function normalStream(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = () => {
    let t = (s = (s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => {
    let u = 0;
    while (u === 0) u = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}
