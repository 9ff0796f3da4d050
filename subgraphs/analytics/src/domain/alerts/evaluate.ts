import { and, eq, inArray, isNull } from 'drizzle-orm';
import { alertRules, anomalies } from '../../db/schema.js';
import type { AnalyticsDeps } from '../deps.js';
import { DRIFT_METRIC_PREFIX } from '../ingest/ml-events.js';
import type { NotificationPayload } from '../live/topics.js';
import { INTERVAL_MS } from '../metrics/intervals.js';
import { windowValues } from '../metrics/windows.js';
import { type Firing, formatMinute, formatValue, recordFiring } from './firing.js';
import type { LiveRule } from './types.js';

/** Rules one tick evaluates (50 per owner; this bounds a tick however many owners there are). */
export const MAX_EVALUATED_RULES = 10_000;

export async function loadLiveRules(deps: AnalyticsDeps): Promise<LiveRule[]> {
  const rules = await deps.db
    .select({
      id: alertRules.id,
      ownerId: alertRules.ownerId,
      metric: alertRules.metric,
      kind: alertRules.kind,
      threshold: alertRules.threshold,
      direction: alertRules.direction,
      webhookUrl: alertRules.webhookUrl,
      createdAt: alertRules.createdAt,
    })
    .from(alertRules)
    .where(isNull(alertRules.deletedAt))
    .orderBy(alertRules.createdAt)
    .limit(MAX_EVALUATED_RULES + 1);
  if (rules.length > MAX_EVALUATED_RULES) {
    deps.logger.warn(
      { limit: MAX_EVALUATED_RULES },
      'more alert rules than a tick evaluates: the newest wait',
    );
  }
  return rules.slice(0, MAX_EVALUATED_RULES);
}

function beyond(rule: LiveRule, value: number): boolean {
  if (rule.threshold === null) return false;
  return rule.direction === 'BELOW' ? value < rule.threshold : value > rule.threshold;
}

/**
 * THRESHOLD rules fire when the metric *crosses* the threshold: beyond it in the window `at`, not
 * beyond it in the window before. A metric that stays above its threshold for an hour notifies
 * once, not sixty times. A rule that did not exist yet in the window before (created during
 * `at` or later) fires on its first window beyond the threshold.
 */
export async function thresholdFirings(deps: AnalyticsDeps, rules: LiveRule[], at: Date): Promise<Firing[]> {
  const watched = rules.filter((rule) => rule.kind === 'THRESHOLD');
  if (watched.length === 0) return [];
  const metrics = [...new Set(watched.map((rule) => rule.metric))];
  const before = new Date(at.getTime() - INTERVAL_MS.MINUTE);
  const [current, previous] = await Promise.all([
    windowValues(deps, metrics, 'MINUTE', at),
    windowValues(deps, metrics, 'MINUTE', before),
  ]);
  const firings: Firing[] = [];
  for (const rule of watched) {
    const value = current.get(rule.metric) ?? 0;
    if (!beyond(rule, value)) continue;
    const isNew = rule.createdAt.getTime() >= at.getTime();
    if (!isNew && beyond(rule, previous.get(rule.metric) ?? 0)) continue;
    const side = rule.direction === 'BELOW' ? 'below' : 'above';
    firings.push({
      rule,
      at,
      value,
      message: `${rule.metric} was ${formatValue(value)} in the minute from ${formatMinute(at)}: ${side} the threshold of ${formatValue(rule.threshold ?? 0)}.`,
    });
  }
  return firings;
}

/**
 * Drift anomalies (`ml.drift.<model>`) are PSI readings the ml subgraph judged against its own
 * threshold, not robust z-scores of a metric's history: their message says so.
 */
function anomalyMessage(
  metric: string,
  anomaly: { value: number; expected: number; score: number },
  at: Date,
) {
  if (metric.startsWith(DRIFT_METRIC_PREFIX))
    return `${metric}: the model's inputs or predictions drifted in the minute from ${formatMinute(at)} (PSI ${formatValue(anomaly.value)}, ${formatValue(anomaly.score)}× the drift threshold).`;
  return `${metric} was ${formatValue(anomaly.value)} in the minute from ${formatMinute(at)}: unusual, about ${formatValue(anomaly.expected)} was expected (robust z-score ${formatValue(anomaly.score)}).`;
}

/** ANOMALY rules fire for an anomaly of their metric stored for the window `at` (by any instance). */
export async function anomalyFirings(deps: AnalyticsDeps, rules: LiveRule[], at: Date): Promise<Firing[]> {
  const watched = rules.filter((rule) => rule.kind === 'ANOMALY');
  if (watched.length === 0) return [];
  const metrics = [...new Set(watched.map((rule) => rule.metric))];
  const found = await deps.db
    .select()
    .from(anomalies)
    .where(and(eq(anomalies.at, at), inArray(anomalies.metric, metrics)));
  const byMetric = new Map(found.map((row) => [row.metric, row]));
  const firings: Firing[] = [];
  for (const rule of watched) {
    const anomaly = byMetric.get(rule.metric);
    if (!anomaly) continue;
    firings.push({
      rule,
      at,
      value: anomaly.value,
      message: anomalyMessage(rule.metric, anomaly, at),
    });
  }
  return firings;
}

/** Evaluates every rule on the window `at` and records what fires; returns what this call recorded. */
export async function evaluateRules(
  deps: AnalyticsDeps,
  rules: LiveRule[],
  at: Date,
): Promise<NotificationPayload[]> {
  const firings = [...(await thresholdFirings(deps, rules, at)), ...(await anomalyFirings(deps, rules, at))];
  const recorded: NotificationPayload[] = [];
  for (const firing of firings) {
    const notification = await recordFiring(deps, firing);
    if (notification) recorded.push(notification);
  }
  return recorded;
}
