import { normaliseWeights } from './weights.js';

const encoder = new TextEncoder();
const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * FNV-1a 32 of the UTF-8 bytes of `text`, then MurmurHash3's 32-bit finaliser (fmix32). FNV-1a
 * alone mixes poorly into its high bits for inputs that differ only in their last characters
 * (`user-1`, `user-2`, …) and, since multiplication mod 2³² never carries downwards, two keys
 * sharing a suffix stay correlated in the low bits; fmix32 avalanches every bit. Both are public,
 * fixed algorithms, so another implementation can reproduce an assignment exactly.
 */
export function stableHash32(text: string): number {
  let h = FNV_OFFSET_BASIS;
  for (const byte of encoder.encode(text)) {
    h ^= byte;
    h = Math.imul(h, FNV_PRIME);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** `stableHash32("${experimentKey}:${userId}")` as a number in [0, 1). */
export function assignmentPoint(experimentKey: string, userId: string): number {
  return stableHash32(`${experimentKey}:${userId}`) / 2 ** 32;
}

/**
 * The variant index of a user: the point of `assignmentPoint(experimentKey, userId)` on the
 * cumulative weights (normalised by their sum; a weight of 0 is never picked). The same inputs give
 * the same index on every instance and release; the experiment key is part of the hash, so a
 * user's variants in two experiments are independent.
 */
export function pickVariant(experimentKey: string, userId: string, weights: readonly number[]): number {
  const shares = normaliseWeights(weights);
  const point = assignmentPoint(experimentKey, userId);
  let cumulative = 0;
  let last = 0;
  for (const [index, share] of shares.entries()) {
    if (share === 0) continue;
    cumulative += share;
    last = index;
    if (point < cumulative) return index;
  }
  // Rounding can leave the cumulative sum a hair under 1: the point then belongs to the last weighted variant.
  return last;
}
