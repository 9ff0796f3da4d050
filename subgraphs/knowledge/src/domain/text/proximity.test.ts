import { describe, expect, it } from 'vitest';
import { proximity } from './proximity.js';

describe('proximity', () => {
  it('is 1 for adjacent terms and falls as they spread', () => {
    expect(
      proximity(
        new Map([
          ['a', [3]],
          ['b', [4]],
        ]),
      ),
    ).toBe(1);
    expect(
      proximity(
        new Map([
          ['a', [0]],
          ['b', [5]],
        ]),
      ),
    ).toBeCloseTo(1 / 5);
  });

  it('uses the tightest window among repeated occurrences', () => {
    expect(
      proximity(
        new Map([
          ['a', [0, 20]],
          ['b', [10, 21]],
          ['c', [22]],
        ]),
      ),
    ).toBe(1);
  });

  it('is 0 with fewer than two distinct terms', () => {
    expect(proximity(new Map())).toBe(0);
    expect(proximity(new Map([['a', [1, 2, 3]]]))).toBe(0);
  });
});
