import { describe, expect, it } from 'vitest';
import { stratifiedSplit } from './split.js';
import { syntheticCorpus } from './testing/synthetic-corpus.js';

const corpus = syntheticCorpus({ seed: 5, documents: 150, minWords: 10, maxWords: 20 });
const names = [...new Set(corpus.flatMap((e) => e.labels))].sort();
const labelSets = corpus.map((e) => e.labels.map((l) => names.indexOf(l)).sort((a, b) => a - b));

function partsOf(sets: number[][], labelCount: number, test: number[]) {
  const held = new Set(test);
  return Array.from({ length: labelCount }, (_, l) => {
    const holders = sets.flatMap((s, i) => (s.includes(l) ? [i] : []));
    return { total: holders.length, test: holders.filter((i) => held.has(i)).length };
  });
}

describe('stratifiedSplit', () => {
  it('partitions the examples, deterministically for a seed', () => {
    const a = stratifiedSplit(labelSets, names.length, 9, 0.2);
    expect([...a.train, ...a.test].sort((x, y) => x - y)).toEqual(corpus.map((_, i) => i));
    expect(a.train).toEqual([...a.train].sort((x, y) => x - y));
    expect(stratifiedSplit(labelSets, names.length, 9, 0.2)).toEqual(a);
    expect(stratifiedSplit(labelSets, names.length, 10, 0.2).test).not.toEqual(a.test);
  });

  it('holds out about the asked fraction, every label in both parts', () => {
    for (let seed = 0; seed < 20; seed++) {
      const { test } = stratifiedSplit(labelSets, names.length, seed, 0.2);
      expect(test.length / corpus.length).toBeGreaterThan(0.15);
      expect(test.length / corpus.length).toBeLessThan(0.26);
      for (const part of partsOf(labelSets, names.length, test)) {
        expect(part.test).toBeGreaterThan(0);
        expect(part.test).toBeLessThan(part.total);
      }
    }
  });

  it('repairs a label whose examples are all filed under rarer labels', () => {
    // A, B and C have two examples each; B's are filed under A (tie, A first) and B (alone),
    // C's under B and C: without the repair B or C would have no test example.
    const sets = [[0, 1], [0], [1, 2], [2], [3], [3], [3], [3]];
    for (let seed = 0; seed < 20; seed++) {
      const { test } = stratifiedSplit(sets, 4, seed, 0.2);
      for (const part of partsOf(sets, 4, test)) {
        expect(part.test).toBeGreaterThan(0);
        expect(part.test).toBeLessThan(part.total);
      }
    }
  });

  it('keeps single examples and unlabelled ones in training', () => {
    const { test } = stratifiedSplit([[0], [], [1], [1], [1]], 2, 1, 0.3);
    expect(test).not.toContain(0);
    expect(test).not.toContain(1);
    expect(test).toHaveLength(1);
  });
});
