/**
 * The stratified hold-out. Each example's stratum is its rarest label (fewest examples in the
 * whole data set; ties by label order), so rare labels are split as carefully as common ones.
 * Strata are visited in label order; each is shuffled by a mulberry32 stream seeded with the
 * seed, and its first max(1, round(n · testFraction)) members (at most n − 1; none when n = 1)
 * are held out.
 *
 * A label can still miss one part, when its examples are filed under rarer labels. A repair
 * pass, rarest label first, then moves one example:
 *   - to training, if the label has examples but none in training (one is moved even when that
 *     empties another label's test part: a label nobody trained on cannot be predicted);
 *   - to the test part, if the label has ≥ 2 examples but none held out, and moving one leaves
 *     every label of that example still in training.
 * Candidates are taken in shuffled order. Inputs are expected in a canonical order (train sorts
 * them by content, see content-order.ts), so the split depends only on the examples' texts and
 * labels and the seed.
 */
import { mulberry32, shuffleInPlace } from './prng.js';

export interface HoldOut {
  /** Example indices, ascending. */
  train: number[];
  test: number[];
}

export function stratifiedSplit(
  labelSets: readonly (readonly number[])[],
  labelCount: number,
  seed: number,
  testFraction: number,
): HoldOut {
  const counts = new Array<number>(labelCount).fill(0);
  for (const set of labelSets) for (const l of set) counts[l]!++;
  const rarest = (set: readonly number[]): number =>
    set.reduce((best, l) =>
      counts[l]! < counts[best]! || (counts[l] === counts[best] && l < best) ? l : best,
    );

  const strata = Array.from({ length: labelCount + 1 }, () => [] as number[]);
  labelSets.forEach((set, i) => {
    strata[set.length === 0 ? labelCount : rarest(set)]!.push(i);
  });

  const uniform = mulberry32(seed);
  const isTest = new Uint8Array(labelSets.length);
  const rank = new Int32Array(labelSets.length);
  let position = 0;
  for (const stratum of strata) {
    shuffleInPlace(stratum, uniform);
    const n = stratum.length;
    const held = n < 2 ? 0 : Math.min(n - 1, Math.max(1, Math.round(n * testFraction)));
    stratum.forEach((i, at) => {
      rank[i] = position++;
      if (at < held) isTest[i] = 1;
    });
  }

  const inPart = (part: 0 | 1): number[] => {
    const c = new Array<number>(labelCount).fill(0);
    labelSets.forEach((set, i) => {
      if (isTest[i] === part) for (const l of set) c[l]!++;
    });
    return c;
  };
  const byRank = (a: number, b: number) => rank[a]! - rank[b]!;
  const order = [...counts.keys()].sort((a, b) => counts[a]! - counts[b]! || a - b);
  for (const l of order) {
    if (counts[l] === 0) continue;
    const trainCounts = inPart(0);
    const holders = labelSets.flatMap((set, i) => (set.includes(l) ? [i] : [])).sort(byRank);
    if (trainCounts[l] === 0) {
      const testCounts = inPart(1);
      const harmless = holders.find((i) => labelSets[i]!.every((m) => testCounts[m]! >= 2));
      isTest[harmless ?? holders[0]!] = 0;
    } else if (inPart(1)[l] === 0 && counts[l]! >= 2) {
      const harmless = holders.find(
        (i) => isTest[i] === 0 && labelSets[i]!.every((m) => trainCounts[m]! >= 2),
      );
      if (harmless !== undefined) isTest[harmless] = 1;
    }
  }

  const train: number[] = [];
  const test: number[] = [];
  isTest.forEach((flag, i) => {
    (flag === 1 ? test : train).push(i);
  });
  return { train, test };
}
