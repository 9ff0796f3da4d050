import { mulberry32 } from '@ukp/kit/testing';

export { mulberry32 };

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
