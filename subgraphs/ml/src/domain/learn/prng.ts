// The hold-out split's only source of randomness: the same seed gives the same split on every
// machine (the kit's generator, shared with the tests). Its own entry point: training runs in
// worker threads, which should not load the whole kit to get one function.
export { mulberry32 } from '@ukp/kit/prng';

/** Fisher–Yates, in place, driven by `uniform` (values in [0, 1)). */
export function shuffleInPlace<T>(items: T[], uniform: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
  return items;
}

/** Code-unit order, as `Array.prototype.sort` does by default: locale-independent, hence deterministic. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
