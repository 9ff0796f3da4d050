import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assignmentPoint, pickVariant, stableHash32 } from './assignment.js';
import { normaliseWeights } from './weights.js';

interface GoldenCase {
  experimentKey: string;
  userId: string;
  weights: number[];
  expected: { hash: number; point: number; variant: number };
}

// Read from disk rather than imported: the lint's import-extension rule would rewrite a `.json` import.
const golden = JSON.parse(readFileSync(new URL('./golden/assignment.json', import.meta.url), 'utf8')) as {
  cases: GoldenCase[];
};

const USERS = 100_000;
const ids = Array.from({ length: USERS }, (_, i) => `user-${i}`);

function shares(key: string, users: readonly string[], weights: readonly number[]): number[] {
  const counts = weights.map(() => 0);
  for (const id of users) {
    const index = pickVariant(key, id, weights);
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts.map((c) => c / users.length);
}

describe('pickVariant', () => {
  // Source: golden/assignment.py, FNV-1a 32 + MurmurHash3 fmix32 written in Python from their
  // published definitions. Pinning the values means a refactor cannot silently move every user.
  it.each(golden.cases)('hashes $experimentKey:$userId as the reference does', (c) => {
    expect(stableHash32(`${c.experimentKey}:${c.userId}`)).toBe(c.expected.hash);
    expect(assignmentPoint(c.experimentKey, c.userId)).toBe(c.expected.point);
    expect(pickVariant(c.experimentKey, c.userId, c.weights)).toBe(c.expected.variant);
  });

  it('gives the same user the same variant every time', () => {
    const weights = [0.2, 0.3, 0.5];
    const first = ids.slice(0, 1000).map((id) => pickVariant('exp', id, weights));
    const again = ids.slice(0, 1000).map((id) => pickVariant('exp', id, [...weights]));
    expect(again).toEqual(first);
  });

  it.each([[[0.5, 0.5]], [[0.5, 0.3, 0.2]], [[0.1, 0.1, 0.8]], [[0.25, 0.25, 0.25, 0.25]]])(
    'splits 100k users within ±1 point of the weights %j',
    (weights) => {
      const observed = shares('split-test', ids, weights);
      for (const [i, w] of weights.entries()) expect(Math.abs((observed[i] ?? 0) - w)).toBeLessThan(0.01);
    },
  );

  // The traffic-split guarantee of the ml subgraph (`model:<name>`), on user ids shaped like ours.
  // A binomial share of 10k users has a standard deviation of at most 0.5 point: ±2 is 4σ.
  const uuids = Array.from({ length: 10_000 }, (_, i) => {
    const hex = stableHash32(`uuid-${i}`).toString(16).padStart(8, '0');
    return `${hex}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
  });
  it.each([[[0.5, 0.5]], [[0.9, 0.1]], [[0.2, 0.3, 0.5]]])(
    'routes 10,000 simulated users within ±2 points of the traffic split %j',
    (weights) => {
      const observed = shares('model:document-tags', uuids, weights);
      expect(observed).toHaveLength(weights.length);
      for (const [i, w] of weights.entries())
        expect(Math.abs((observed[i] ?? 0) - w)).toBeLessThanOrEqual(0.02);
    },
  );

  it('assigns independently across experiments', () => {
    // Each cell of (variant in A) × (variant in B) holds a quarter of the users when the two are independent.
    const cells = [0, 0, 0, 0];
    for (const id of ids) {
      const cell =
        2 * pickVariant('experiment-a', id, [0.5, 0.5]) + pickVariant('experiment-b', id, [0.5, 0.5]);
      cells[cell] = (cells[cell] ?? 0) + 1;
    }
    for (const count of cells) expect(Math.abs(count / USERS - 0.25)).toBeLessThan(0.01);
    // And a user's variant in one says nothing of the other: agreement is a coin flip.
    const agree = ((cells[0] ?? 0) + (cells[3] ?? 0)) / USERS;
    expect(Math.abs(agree - 0.5)).toBeLessThan(0.01);
  });

  it('normalises weights and never picks a variant of weight 0', () => {
    const normalised = ids.slice(0, 2000).map((id) => pickVariant('w', id, [0.25, 0.75]));
    expect(ids.slice(0, 2000).map((id) => pickVariant('w', id, [1, 3]))).toEqual(normalised);
    const withZero = new Set(ids.slice(0, 5000).map((id) => pickVariant('w', id, [1, 0, 1])));
    expect(withZero).toEqual(new Set([0, 2]));
    expect(new Set(ids.slice(0, 100).map((id) => pickVariant('w', id, [0, 0, 1])))).toEqual(new Set([2]));
  });

  it('refuses weights that cannot be shares', () => {
    expect(() => pickVariant('k', 'u', [])).toThrow(RangeError);
    expect(() => pickVariant('k', 'u', [0, 0])).toThrow(RangeError);
    expect(() => pickVariant('k', 'u', [1, -1])).toThrow(RangeError);
    expect(() => pickVariant('k', 'u', [1, Number.NaN])).toThrow(RangeError);
  });
});

describe('normaliseWeights', () => {
  it('divides by the sum', () => {
    expect(normaliseWeights([1, 3])).toEqual([0.25, 0.75]);
    expect(normaliseWeights([0, 2])).toEqual([0, 1]);
  });

  it.each([[[]], [[0, 0]], [[1, -0.5]], [[1, Number.POSITIVE_INFINITY]]])('refuses %j', (weights) => {
    expect(() => normaliseWeights(weights)).toThrow(RangeError);
  });
});
