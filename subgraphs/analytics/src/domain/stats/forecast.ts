import { detectSeason } from './season.js';

export { detectSeason, SEASON_ACF_THRESHOLD } from './season.js';

export type ForecastMethod = 'HOLT' | 'HOLT_WINTERS';

export interface Forecast {
  method: ForecastMethod;
  values: number[];
}

/**
 * The smoothing parameters tried (α, β and γ each): a fixed grid, so a fit is deterministic and
 * costs at most 12³ passes over the data, with small values for noisy series and values near 1 for
 * ones that move.
 */
const GRID = [0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99] as const;
/** Only this many of the most recent points are fitted: the cost stays bounded and old regimes drop out. */
export const MAX_FIT_POINTS = 2_000;
export const MAX_HORIZON = 10_000;

/**
 * Forecasts `horizon` points after `values` (counts, so never below 0). Holt's linear trend, with
 * α and β the grid pair of least one-step-ahead squared error; or additive Holt-Winters (α, β, γ
 * likewise) when `seasonLength` is given and `detectSeason` finds that season. With fewer than two
 * points there is no trend: the last value (or 0) is repeated.
 */
export function forecastSeries(
  values: readonly number[],
  horizon: number,
  options: { seasonLength?: number } = {},
): Forecast {
  if (!(Number.isInteger(horizon) && horizon >= 0 && horizon <= MAX_HORIZON)) {
    throw new RangeError(`horizon must be an integer in [0, ${MAX_HORIZON}], got ${horizon}`);
  }
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`values must be finite, got ${v}`);
  const series = values.slice(-MAX_FIT_POINTS);
  const { seasonLength } = options;
  if (seasonLength !== undefined && detectSeason(series, seasonLength)) {
    return { method: 'HOLT_WINTERS', values: clampAtZero(holtWinters(series, seasonLength, horizon)) };
  }
  return { method: 'HOLT', values: clampAtZero(holt(series, horizon)) };
}

interface Fit {
  sse: number;
  forecast: (step: number) => number;
}

function holt(y: readonly number[], horizon: number): number[] {
  const first = y[0];
  const second = y[1];
  if (first === undefined) return new Array<number>(horizon).fill(0);
  if (second === undefined) return new Array<number>(horizon).fill(first);
  let best: Fit | null = null;
  for (const alpha of GRID) {
    for (const beta of GRID) {
      const fit = fitHolt(y, first, second - first, alpha, beta);
      if (best === null || fit.sse < best.sse) best = fit;
    }
  }
  return steps(horizon, best!.forecast);
}

/** Level starts at y₀ and trend at y₁ − y₀; errors are summed from y₁ on. */
function fitHolt(y: readonly number[], level0: number, trend0: number, alpha: number, beta: number): Fit {
  let level = level0;
  let trend = trend0;
  let sse = 0;
  for (let t = 1; t < y.length; t++) {
    const observed = y[t]!;
    const error = observed - (level + trend);
    sse += error * error;
    const nextLevel = alpha * observed + (1 - alpha) * (level + trend);
    trend = beta * (nextLevel - level) + (1 - beta) * trend;
    level = nextLevel;
  }
  const [l, b] = [level, trend];
  return { sse, forecast: (h) => l + h * b };
}

function holtWinters(y: readonly number[], m: number, horizon: number): number[] {
  const init = initialSeasonalState(y, m);
  let best: Fit | null = null;
  for (const alpha of GRID) {
    for (const beta of GRID) {
      for (const gamma of GRID) {
        const fit = fitHoltWinters(y, m, init, alpha, beta, gamma);
        if (best === null || fit.sse < best.sse) best = fit;
      }
    }
  }
  return steps(horizon, best!.forecast);
}

interface SeasonalState {
  level: number;
  trend: number;
  season: number[];
}

/**
 * From the first two seasons: the trend is the change of the seasonal means over one season, the
 * level the first season's mean carried to its last point, and each seasonal term that point's
 * deviation from the trend line through the first season.
 */
function initialSeasonalState(y: readonly number[], m: number): SeasonalState {
  const mean = (from: number) => y.slice(from, from + m).reduce((s, v) => s + v, 0) / m;
  const firstMean = mean(0);
  const trend = (mean(m) - firstMean) / m;
  const centre = (m - 1) / 2;
  const season = Array.from({ length: m }, (_, i) => y[i]! - (firstMean + trend * (i - centre)));
  return { level: firstMean + trend * centre, trend, season };
}

/** Additive Holt-Winters from the end of the first season; errors are summed from y_m on. */
function fitHoltWinters(
  y: readonly number[],
  m: number,
  init: SeasonalState,
  alpha: number,
  beta: number,
  gamma: number,
): Fit {
  let { level, trend } = init;
  const season = [...init.season];
  let sse = 0;
  for (let t = m; t < y.length; t++) {
    const observed = y[t]!;
    const s = season[t % m]!;
    const error = observed - (level + trend + s);
    sse += error * error;
    const nextLevel = alpha * (observed - s) + (1 - alpha) * (level + trend);
    trend = beta * (nextLevel - level) + (1 - beta) * trend;
    season[t % m] = gamma * (observed - nextLevel) + (1 - gamma) * s;
    level = nextLevel;
  }
  const [l, b, last] = [level, trend, y.length - 1];
  return { sse, forecast: (h) => l + h * b + season[(last + h) % m]! };
}

function steps(horizon: number, forecast: (step: number) => number): number[] {
  return Array.from({ length: horizon }, (_, i) => forecast(i + 1));
}

function clampAtZero(values: number[]): number[] {
  return values.map((v) => Math.max(0, v));
}
