import { anomalies } from '../../db/schema.js';
import type { AnalyticsDeps } from '../deps.js';
import { type AnomalyPayload, LIVE_TOPICS } from '../live/topics.js';
import { INTERVAL_MS } from '../metrics/intervals.js';
import { firstWindowAt, readSeries } from '../metrics/windows.js';
import { robustZScores } from '../stats/anomaly.js';

const MINUTE_MS = INTERVAL_MS.MINUTE;

/**
 * Whether the minute window at `at` is unusual for the `window` minutes before it, by the robust
 * z-score of `deps.config.anomaly`. A flagged window is stored; the primary key (metric, window)
 * lets every instance run this and only the one whose insert wins publish it. Returns the anomaly
 * when this call stored it.
 */
export async function detectAnomaly(
  deps: AnalyticsDeps,
  metric: string,
  at: Date,
): Promise<AnomalyPayload | null> {
  const { window, minHistory, threshold } = deps.config.anomaly;
  const first = await firstWindowAt(deps, metric, 'MINUTE');
  if (first === null) return null;
  const from = new Date(Math.max(at.getTime() - window * MINUTE_MS, first.getTime()));
  const history = Math.round((at.getTime() - from.getTime()) / MINUTE_MS);
  if (history < minHistory) return null;
  const series = await readSeries(deps, metric, 'MINUTE', from, new Date(at.getTime() + MINUTE_MS));
  const last = series.length - 1;
  if (last < 1 || series[last]?.at.getTime() !== at.getTime()) return null;
  // Only the newest point is in question: a minHistory of its own history length skips scoring the rest.
  const flagged = robustZScores(
    series.map((point) => point.value),
    { window, minHistory: Math.min(last, window), threshold },
  ).find((point) => point.index === last);
  if (!flagged) return null;

  const [stored] = await deps.db
    .insert(anomalies)
    .values({
      metric,
      at,
      value: flagged.value,
      expected: flagged.expected,
      score: flagged.score,
      detectedAt: deps.now(),
    })
    .onConflictDoNothing({ target: [anomalies.metric, anomalies.at] })
    .returning();
  if (!stored) return null;
  return publishAnomaly(deps, {
    metric,
    at,
    value: stored.value,
    expected: stored.expected,
    score: stored.score,
  });
}

/**
 * Tells `anomalyDetected` subscribers (on every instance) of an anomaly this instance just stored;
 * only the instance whose insert won calls it, so each anomaly is published once. A bus failure
 * is logged, not thrown: the anomaly is stored, and alert rules read it from there.
 */
export async function publishAnomaly(
  deps: Pick<AnalyticsDeps, 'bus' | 'logger'>,
  anomaly: { metric: string; at: Date; value: number; expected: number; score: number },
): Promise<AnomalyPayload> {
  const payload: AnomalyPayload = {
    metric: anomaly.metric,
    at: anomaly.at.toISOString(),
    value: anomaly.value,
    expected: anomaly.expected,
    score: anomaly.score,
  };
  try {
    await deps.bus.publish(LIVE_TOPICS.anomaly, payload);
  } catch (error) {
    deps.logger.warn({ err: error, metric: anomaly.metric }, 'could not publish an anomaly');
  }
  return payload;
}

/** `detectAnomaly` for each metric; one metric failing does not keep the others from being examined. */
export async function detectAnomalies(
  deps: AnalyticsDeps,
  metrics: readonly string[],
  at: Date,
): Promise<AnomalyPayload[]> {
  const found: AnomalyPayload[] = [];
  for (const metric of metrics) {
    try {
      const anomaly = await detectAnomaly(deps, metric, at);
      if (anomaly) found.push(anomaly);
    } catch (error) {
      deps.logger.error({ err: error, metric }, 'anomaly detection failed');
    }
  }
  return found;
}
