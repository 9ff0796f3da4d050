import { performance } from 'node:perf_hooks';

/**
 * Wall-clock milliseconds with sub-millisecond resolution. Every process on this machine reads
 * the same clock through it, so a time taken by the editor and one taken by a client process can
 * be subtracted: `Date.now()` is too coarse and `performance.now()` alone starts at each process.
 */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}
