import { describe, expect, it } from 'vitest';
import { detectSeason, forecastSeries } from './forecast.js';
import { gaussian, mulberry32 } from './testing/prng.js';

const DAY = 24;

function series(length: number, at: (t: number) => number): number[] {
  return Array.from({ length }, (_, t) => at(t));
}

/** Mean absolute percentage error of a forecast against the truth. */
function mape(forecast: readonly number[], truth: readonly number[]): number {
  return (
    forecast.reduce((sum, f, i) => sum + Math.abs(f - truth[i]!) / Math.abs(truth[i]!), 0) / forecast.length
  );
}

const seasonal = (t: number) => 200 + 0.5 * t + 40 * Math.sin((2 * Math.PI * t) / DAY);

describe('forecastSeries', () => {
  it('continues a clean linear trend within 5% (Holt)', () => {
    const line = (t: number) => 50 + 2 * t;
    const result = forecastSeries(series(168, line), 48);
    expect(result.method).toBe('HOLT');
    const truth = series(48, (h) => line(168 + h));
    expect(result.values).toHaveLength(48);
    for (const [i, f] of result.values.entries())
      expect(Math.abs(f - truth[i]!) / truth[i]!).toBeLessThan(0.05);
  });

  it('does not see a season in a clean trend even when asked for one', () => {
    expect(
      forecastSeries(
        series(168, (t) => 50 + 2 * t),
        24,
        { seasonLength: DAY },
      ).method,
    ).toBe('HOLT');
  });

  it('chooses Holt-Winters for a daily season on a trend, and beats Holt', () => {
    const normal = gaussian(mulberry32(11));
    const history = series(14 * DAY, (t) => seasonal(t) + 3 * normal());
    const truth = series(2 * DAY, (h) => seasonal(14 * DAY + h));
    const withSeason = forecastSeries(history, 2 * DAY, { seasonLength: DAY });
    const holt = forecastSeries(history, 2 * DAY);
    expect(withSeason.method).toBe('HOLT_WINTERS');
    expect(holt.method).toBe('HOLT');
    expect(mape(withSeason.values, truth)).toBeLessThan(0.05);
    expect(mape(withSeason.values, truth)).toBeLessThan(mape(holt.values, truth) / 3);
  });

  it('keeps Holt for noise, even when a season is asked for', () => {
    const normal = gaussian(mulberry32(12));
    const noise = series(14 * DAY, () => 100 + 10 * normal());
    expect(forecastSeries(noise, 24, { seasonLength: DAY }).method).toBe('HOLT');
  });

  it('never forecasts a negative count', () => {
    const falling = series(20, (t) => 100 - 5 * t);
    const { values } = forecastSeries(falling, 30);
    expect(Math.min(...values)).toBe(0);
    expect(values.at(-1)).toBe(0);
    expect(values[0]).toBeCloseTo(0, 6); // 100 − 5·20
  });

  it('is deterministic', () => {
    const normal = gaussian(mulberry32(13));
    const history = series(10 * DAY, (t) => seasonal(t) + 5 * normal());
    expect(forecastSeries(history, 24, { seasonLength: DAY })).toEqual(
      forecastSeries([...history], 24, { seasonLength: DAY }),
    );
  });

  it('handles series too short for a trend', () => {
    expect(forecastSeries([], 3)).toEqual({ method: 'HOLT', values: [0, 0, 0] });
    expect(forecastSeries([7], 2)).toEqual({ method: 'HOLT', values: [7, 7] });
    expect(forecastSeries([1, 3], 2).values).toEqual([5, 7]);
    expect(forecastSeries([1, 2, 3], 0).values).toEqual([]);
  });

  it('refuses a bad horizon or season length', () => {
    expect(() => forecastSeries([1, 2, 3], -1)).toThrow(RangeError);
    expect(() => forecastSeries([1, 2, 3], 1.5)).toThrow(RangeError);
    expect(() => forecastSeries([1, 2, 3], 3, { seasonLength: 1 })).toThrow(RangeError);
    expect(() => forecastSeries([1, Number.NaN], 3)).toThrow(RangeError);
  });
});

describe('detectSeason', () => {
  it('needs two full seasons', () => {
    expect(detectSeason(series(2 * DAY - 1, seasonal), DAY)).toBe(false);
    expect(detectSeason(series(2 * DAY, seasonal), DAY)).toBe(true);
  });

  it('detects a daily shape that is not a sine (busy working hours)', () => {
    const normal = gaussian(mulberry32(14));
    const office = series(7 * DAY, (t) => (t % DAY >= 9 && t % DAY < 18 ? 120 : 20) + 5 * normal());
    expect(detectSeason(office, DAY)).toBe(true);
  });

  it('does not take a wandering level (a random walk) for a season', () => {
    const normal = gaussian(mulberry32(15));
    let level = 500;
    const walk = series(14 * DAY, () => {
      level += 10 * normal();
      return level;
    });
    expect(detectSeason(walk, DAY)).toBe(false);
  });

  it('does not detect a season of the wrong length', () => {
    expect(detectSeason(series(14 * DAY, seasonal), 17)).toBe(false);
  });
});
