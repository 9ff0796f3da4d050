/**
 * Seeded randomness for tests: mulberry32 (Tommy Ettinger's 32-bit generator), so a simulation or a
 * noisy fixture is the same on every run and a failure can be replayed.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws from `uniform` by Box-Muller (one of the pair is kept: simple, and plenty fast for tests). */
export function gaussian(uniform: () => number): () => number {
  return () => {
    const u = 1 - uniform(); // (0, 1]: log(0) is -∞
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

/** How many of `n` Bernoulli(p) trials succeed. */
export function binomial(uniform: () => number, n: number, p: number): number {
  let successes = 0;
  for (let i = 0; i < n; i++) if (uniform() < p) successes++;
  return successes;
}
