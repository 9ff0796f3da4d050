import { describe, expect, it } from 'vitest';
import { type Bm25Unit, bm25Model } from './bm25.js';

const unit = (...tokens: string[]): Bm25Unit => {
  const termFrequency = new Map<string, number>();
  for (const t of tokens) termFrequency.set(t, (termFrequency.get(t) ?? 0) + 1);
  return { termFrequency, length: tokens.length };
};

describe('bm25Model', () => {
  const units = [
    unit('redis', 'cache', 'fast'),
    unit('redis', 'queue'),
    unit('postgres', 'database', 'durable'),
    unit('redis'),
  ];
  const model = bm25Model(units);

  it('weighs rare terms more than common ones, and never at or below zero', () => {
    expect(model.idf('postgres')).toBeGreaterThan(model.idf('redis'));
    expect(model.idf('redis')).toBeGreaterThan(0);
    expect(model.idf('absent')).toBeGreaterThan(model.idf('postgres'));
  });

  it('scores zero without a query term and more with more of them', () => {
    expect(model.score(units[2]!, ['redis'])).toBe(0);
    expect(model.score(units[0]!, ['redis', 'cache'])).toBeGreaterThan(
      model.score(units[1]!, ['redis', 'cache']),
    );
  });

  it('saturates repeated terms and prefers the shorter of two units with the same match', () => {
    const once = model.score(unit('redis', 'x', 'y'), ['redis']);
    const twice = model.score(unit('redis', 'redis', 'y'), ['redis']);
    const tenTimes = model.score(unit(...Array<string>(10).fill('redis')), ['redis']);
    expect(twice).toBeGreaterThan(once);
    expect(tenTimes).toBeLessThan(model.idf('redis') * 2.2);
    expect(model.score(unit('redis'), ['redis'])).toBeGreaterThan(
      model.score(unit('redis', 'a', 'b', 'c', 'd', 'e'), ['redis']),
    );
  });

  it('equals the IDF for one occurrence in a unit of average length', () => {
    const even = bm25Model([unit('a', 'b'), unit('c', 'd')]);
    expect(even.score(unit('a', 'x'), ['a'])).toBeCloseTo(even.idf('a'), 10);
  });
});
