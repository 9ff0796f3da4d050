import { and, gt, inArray, isNull, lte } from 'drizzle-orm';
import { alertRules, anomalies, notifications } from '../../db/schema.js';
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

/**
 * How far back a tick looks for anomalies stored after their own minute's tick had run: a drift
 * detection is stored for the minute it was made in, and reaches analytics through a stream that
 * may deliver it seconds (or, after an outage, minutes) later.
 */
export const LATE_ANOMALY_MINUTES = 10;

/**
 * ANOMALY rules fire for an anomaly of their metric stored (by any instance) for the window `at`,
 * or for one of the `LATE_ANOMALY_MINUTES` before it that arrived late; the unique (rule, window)
 * of a notification keeps one that already fired from firing again. A rule fires only for windows
 * that ended after it was created, as a THRESHOLD rule does.
 */
export async function anomalyFirings(deps: AnalyticsDeps, rules: LiveRule[], at: Date): Promise<Firing[]> {
  const watched = rules.filter((rule) => rule.kind === 'ANOMALY');
  if (watched.length === 0) return [];
  const metrics = [...new Set(watched.map((rule) => rule.metric))];
  const since = new Date(at.getTime() - LATE_ANOMALY_MINUTES * INTERVAL_MS.MINUTE);
  const found = await deps.db
    .select()
    .from(anomalies)
    .where(and(gt(anomalies.at, since), lte(anomalies.at, at), inArray(anomalies.metric, metrics)))
    .orderBy(anomalies.at);
  if (found.length === 0) return [];
  // What already fired in those windows: not sent to recordFiring again each tick.
  const fired = await deps.db
    .select({ ruleId: notifications.ruleId, at: notifications.at })
    .from(notifications)
    .where(
      and(
        inArray(
          notifications.ruleId,
          watched.map((rule) => rule.id),
        ),
        gt(notifications.at, since),
        lte(notifications.at, at),
      ),
    );
  const done = new Set(fired.map((row) => `${row.ruleId}@${row.at.getTime()}`));
  const firings: Firing[] = [];
  for (const rule of watched) {
    for (const anomaly of found) {
      if (anomaly.metric !== rule.metric || done.has(`${rule.id}@${anomaly.at.getTime()}`)) continue;
      if (anomaly.at.getTime() + INTERVAL_MS.MINUTE <= rule.createdAt.getTime()) continue;
      firings.push({
        rule,
        at: anomaly.at,
        value: anomaly.value,
        message: anomalyMessage(rule.metric, anomaly, anomaly.at),
      });
    }
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
