import { describe, expect, it } from 'vitest';
import { median, robustZScores } from './anomaly.js';
import { gaussian, mulberry32 } from './testing/prng.js';

const HOURLY = { window: 72, minHistory: 24, threshold: 3.5 };

function noise(seed: number, length: number, mean: number, sd: number): number[] {
  const normal = gaussian(mulberry32(seed));
  return Array.from({ length }, () => mean + sd * normal());
}

describe('robustZScores', () => {
  it('scores 0.6745·(x − median)/MAD against the points before it', () => {
    // History 10, 12, 11, 13, 9: median 11, absolute deviations 1, 1, 0, 2, 2 → MAD 1.
    const flagged = robustZScores([10, 12, 11, 13, 9, 20], { window: 5, minHistory: 5, threshold: 3.5 });
    expect(flagged).toEqual([{ index: 5, value: 20, expected: 11, score: expect.closeTo(0.6745 * 9, 12) }]);
  });

  it('finds a spike in noise, expecting the median of its window', () => {
    const values = noise(1, 168, 100, 5);
    values[120] = 160;
    const flagged = robustZScores(values, HOURLY);
    const spike = flagged.find((p) => p.index === 120);
    expect(spike).toBeDefined();
    expect(spike!.value).toBe(160);
    expect(spike!.expected).toBe(median(values.slice(120 - 72, 120)));
    expect(Math.abs(spike!.expected - 100)).toBeLessThan(2);
    expect(spike!.score).toBeGreaterThan(8);
    expect(Math.max(...flagged.map((p) => p.score))).toBe(spike!.score);
  });

  it('flags a drop as well as a rise', () => {
    const values = noise(2, 100, 100, 5);
    values[80] = 40;
    const drop = robustZScores(values, HOURLY).find((p) => p.index === 80);
    expect(drop?.score).toBeLessThan(-3.5);
  });

  it('flags nothing in a week of hourly gaussian noise at 3.5', () => {
    expect(robustZScores(noise(3, 168, 100, 5), HOURLY)).toEqual([]);
  });

  it('flags gaussian noise at about the normal tail rate over many series, so the threshold means what it says', () => {
    let points = 0;
    let at35 = 0;
    let at2 = 0;
    for (let seed = 100; seed < 150; seed++) {
      const values = noise(seed, 168, 50, 3);
      points += 168 - HOURLY.minHistory;
      at35 += robustZScores(values, HOURLY).length;
      at2 += robustZScores(values, { ...HOURLY, threshold: 2 }).length;
    }
    // P(|Z| > 3.5) = 0.05% for a normal; a median and MAD estimated from 24–72 points fatten the
    // tail (about 0.2–0.3% measured), still an order of magnitude below the rate at 2.
    expect(at35 / points).toBeLessThan(0.005);
    // P(|Z| > 2) = 4.6%: the same data does get flagged at a low threshold.
    expect(at2 / points).toBeGreaterThan(0.03);
  });

  it('never flags a point with fewer than minHistory points before it', () => {
    const values = [10, 10, 10, 500, 10, 10, 10, 10, 500];
    const flagged = robustZScores(values, { window: 10, minHistory: 5, threshold: 3.5 });
    expect(flagged.map((p) => p.index)).toEqual([8]);
    expect(robustZScores(values, { window: 10, minHistory: 3, threshold: 3.5 }).map((p) => p.index)).toEqual([
      3, 8,
    ]);
  });

  it('scores only from `from` on, using the earlier points as history', () => {
    const values = [10, 10, 10, 10, 10, 500, 10, 10, 10, 500];
    const options = { window: 10, minHistory: 3, threshold: 3.5 };
    expect(robustZScores(values, options).map((p) => p.index)).toEqual([5, 9]);
    expect(robustZScores(values, { ...options, from: 6 })).toEqual(robustZScores(values, options).slice(1));
  });

  it('uses only the last `window` points: a new level stops being flagged once it fills the window', () => {
    const values = [
      ...Array.from({ length: 30 }, (_, i) => 10 + (i % 3)),
      ...Array.from({ length: 30 }, (_, i) => 100 + (i % 3)),
    ];
    const flagged = robustZScores(values, { window: 10, minHistory: 10, threshold: 3.5 }).map((p) => p.index);
    expect(flagged[0]).toBe(30);
    expect(Math.max(...flagged)).toBeLessThan(40);
  });

  it('on a flat series flags nothing, and flags a spike off it', () => {
    expect(robustZScores(new Array(50).fill(7), { window: 24, minHistory: 12, threshold: 3.5 })).toEqual([]);
    const values = new Array(50).fill(100);
    values[40] = 118; // 18 against the flat spread of 5% of 100: score 3.6
    values[45] = 117; // score 3.4
    const flagged = robustZScores(values, { window: 24, minHistory: 12, threshold: 3.5 });
    expect(flagged).toEqual([{ index: 40, value: 118, expected: 100, score: expect.closeTo(3.6, 12) }]);
  });

  it('falls back to the mean absolute deviation when MAD is 0', () => {
    // History: twenty 100s and four 160s → median 100, MAD 0, mean absolute deviation 10.
    const history = Array.from({ length: 24 }, (_, i) => (i % 6 === 0 ? 160 : 100));
    const options = { window: 24, minHistory: 24, threshold: 3.5 };
    expect(robustZScores([...history, 160], options)).toEqual([
      { index: 24, value: 160, expected: 100, score: expect.closeTo(60 / (1.253314 * 10), 9) },
    ]);
    expect(robustZScores([...history, 140], options)).toEqual([]); // 40 / 12.53 = 3.19
  });

  it('does not flag a lone event in a sparse count series, but flags a burst', () => {
    // Mostly 0 with a few 1s: MAD 0, 1.2533 × mean absolute deviation 0.21, floored at half an event.
    const history = Array.from({ length: 24 }, (_, i) => (i % 6 === 0 ? 1 : 0));
    const options = { window: 24, minHistory: 24, threshold: 3.5 };
    expect(robustZScores([...history, 1], options)).toEqual([]);
    expect(robustZScores([...history, 2], options)).toEqual([{ index: 24, value: 2, expected: 0, score: 4 }]);
  });

  it('refuses options that could never flag anything or make no sense', () => {
    expect(() => robustZScores([1], { window: 0, minHistory: 1, threshold: 3.5 })).toThrow(RangeError);
    expect(() => robustZScores([1], { window: 5, minHistory: 6, threshold: 3.5 })).toThrow(RangeError);
    expect(() => robustZScores([1], { window: 5, minHistory: 2, threshold: 0 })).toThrow(RangeError);
    expect(() => robustZScores([1, Number.NaN], HOURLY)).toThrow(RangeError);
  });
});
