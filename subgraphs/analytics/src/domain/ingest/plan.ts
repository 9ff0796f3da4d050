import type { WindowInterval } from '../../db/schema.js';
import { windowStartMs } from '../metrics/intervals.js';
import { Sketch } from '../metrics/sketch.js';
import type { Contribution, IngestEvent, ReportedAnomaly, TrafficSplit } from './types.js';

/** Metric windows are kept per minute, and rolled up per hour and day in the same transaction. */
export const METRIC_INTERVALS: readonly WindowInterval[] = ['MINUTE', 'HOUR', 'DAY'];
/** Operation windows: the operations dashboard reads minutes and hours. */
export const OPERATION_INTERVALS: readonly WindowInterval[] = ['MINUTE', 'HOUR'];

/** What a batch adds to one `metric_windows` row. */
export interface WindowDelta {
  metric: string;
  interval: WindowInterval;
  /** Window start, epoch ms. */
  at: number;
  count: number;
  sum: number;
  /** The batch's values, to merge into the stored sketch. */
  sketch: Sketch | null;
}

/** What a batch sets in one `gauge_windows` row: the instance's newest reading in the window. */
export interface GaugeDelta {
  metric: string;
  instance: string;
  interval: WindowInterval;
  /** Window start, epoch ms. */
  at: number;
  value: number;
  /** When the reading was taken, epoch ms. */
  valueAt: number;
}

/** What a batch adds to one `operation_windows` row. */
export interface OperationDelta {
  operationName: string;
  operationType: string;
  interval: WindowInterval;
  at: number;
  count: number;
  errors: number;
  sketch: Sketch;
}

export interface ExposureFact {
  experimentKey: string;
  userId: string;
  variant: string;
  at: number;
}

export interface ActivityDelta {
  userId: string;
  /** Hour start, epoch ms. */
  hour: number;
  events: number;
  lastAt: number;
}

/**
 * Everything one batch of (already deduplicated) events writes, aggregated in memory so that
 * the transaction costs a fixed number of statements whatever the batch size.
 */
export interface BatchPlan {
  raw: IngestEvent[];
  windows: WindowDelta[];
  gauges: GaugeDelta[];
  operations: OperationDelta[];
  activity: ActivityDelta[];
  views: Array<{ documentId: string; views: number }>;
  /** Model exposures, the earliest per experiment and user. */
  exposures: ExposureFact[];
  /** Traffic split changes in time order: applied before the facts, which may depend on them. */
  splits: TrafficSplit[];
  /** Reported anomalies, the first per metric and minute (the table keeps one). */
  anomalies: ReportedAnomaly[];
  /** MINUTE windows changed, per stored metric. */
  touched: Array<{ metric: string; at: Date }>;
}

const SEP = '\u0001';

/** interval → metric → window start → delta: nested maps, so the hot loop builds no string keys. */
type WindowIndex = Map<WindowInterval, Map<string, Map<number, WindowDelta>>>;

function windowDelta(
  windows: WindowIndex,
  metric: string,
  interval: WindowInterval,
  at: number,
): WindowDelta {
  let byMetric = windows.get(interval);
  if (!byMetric) {
    byMetric = new Map();
    windows.set(interval, byMetric);
  }
  let byStart = byMetric.get(metric);
  if (!byStart) {
    byStart = new Map();
    byMetric.set(metric, byStart);
  }
  let delta = byStart.get(at);
  if (!delta) {
    delta = { metric, interval, at, count: 0, sum: 0, sketch: null };
    byStart.set(at, delta);
  }
  return delta;
}

function addToWindows(
  windows: WindowIndex,
  gauges: Map<string, GaugeDelta>,
  event: IngestEvent,
  atMs: number,
): void {
  for (const interval of METRIC_INTERVALS) {
    const start = windowStartMs(atMs, interval);
    for (const contribution of event.contributions) {
      const delta = windowDelta(windows, contribution.metric, interval, start);
      switch (contribution.kind) {
        case 'count':
          delta.count += contribution.weight;
          break;
        case 'value':
          delta.count += contribution.weight;
          delta.sum += contribution.value * contribution.weight;
          delta.sketch = (delta.sketch ?? Sketch.empty()).add(contribution.value, contribution.weight);
          break;
        case 'gauge':
          // Readings are counted too, so a window also tells how many there were and their mean.
          delta.count += 1;
          delta.sum += contribution.value;
          addReading(gauges, contribution, interval, start, atMs);
          break;
      }
    }
  }
}

/** Keeps the instance's newest reading of the window (gauge readings are few: string keys are fine). */
function addReading(
  gauges: Map<string, GaugeDelta>,
  reading: Extract<Contribution, { kind: 'gauge' }>,
  interval: WindowInterval,
  at: number,
  valueAt: number,
): void {
  const key = reading.metric + SEP + reading.instance + SEP + interval + SEP + at;
  const seen = gauges.get(key);
  if (seen && seen.valueAt > valueAt) return;
  gauges.set(key, {
    metric: reading.metric,
    instance: reading.instance,
    interval,
    at,
    value: reading.value,
    valueAt,
  });
}

function addToOperations(operations: Map<string, OperationDelta>, event: IngestEvent, atMs: number): void {
  const sample = event.operation;
  if (!sample) return;
  for (const interval of OPERATION_INTERVALS) {
    const at = windowStartMs(atMs, interval);
    const key = sample.operationName + SEP + sample.operationType + SEP + interval + SEP + at;
    let delta = operations.get(key);
    if (!delta) {
      delta = {
        operationName: sample.operationName,
        operationType: sample.operationType,
        interval,
        at,
        count: 0,
        errors: 0,
        sketch: Sketch.empty(),
      };
      operations.set(key, delta);
    }
    delta.count += sample.weight;
    if (sample.error) delta.errors += sample.weight;
    delta.sketch.add(sample.durationMs, sample.weight);
  }
}

/** The first exposure stands: of a batch's, the earliest. */
function addExposure(
  exposures: Map<string, ExposureFact>,
  exposure: NonNullable<IngestEvent['exposure']>,
  atMs: number,
): void {
  const key = exposure.experimentKey + SEP + exposure.userId;
  const seen = exposures.get(key);
  if (seen && seen.at <= atMs) return;
  exposures.set(key, { ...exposure, at: atMs });
}

/** Aggregates a batch of events that are all to be counted. */
export function planBatch(events: readonly IngestEvent[]): BatchPlan {
  const windows: WindowIndex = new Map();
  const gauges = new Map<string, GaugeDelta>();
  const operations = new Map<string, OperationDelta>();
  const activity = new Map<string, ActivityDelta>();
  const views = new Map<string, number>();
  const raw: IngestEvent[] = [];
  const exposures = new Map<string, ExposureFact>();
  const splits: TrafficSplit[] = [];
  const anomalies = new Map<string, ReportedAnomaly>();

  for (const event of events) {
    const atMs = event.at.getTime();
    addToWindows(windows, gauges, event, atMs);
    addToOperations(operations, event, atMs);
    if (event.name !== null) raw.push(event);
    if (event.userId !== null) {
      const hour = windowStartMs(atMs, 'HOUR');
      const key = event.userId + SEP + hour;
      const seen = activity.get(key);
      if (seen) {
        seen.events += 1;
        if (atMs > seen.lastAt) seen.lastAt = atMs;
      } else activity.set(key, { userId: event.userId, hour, events: 1, lastAt: atMs });
    }
    if (event.documentViewed !== undefined)
      views.set(event.documentViewed, (views.get(event.documentViewed) ?? 0) + 1);
    if (event.exposure) addExposure(exposures, event.exposure, atMs);
    if (event.split) splits.push(event.split);
    if (event.anomaly) {
      const key = event.anomaly.metric + SEP + event.anomaly.at.getTime();
      if (!anomalies.has(key)) anomalies.set(key, event.anomaly);
    }
  }

  const windowList: WindowDelta[] = [];
  for (const byMetric of windows.values())
    for (const byStart of byMetric.values()) for (const delta of byStart.values()) windowList.push(delta);
  const touched: Array<{ metric: string; at: Date }> = [];
  for (const [metric, byStart] of windows.get('MINUTE') ?? [])
    for (const at of byStart.keys()) touched.push({ metric, at: new Date(at) });

  return {
    raw,
    windows: windowList,
    gauges: [...gauges.values()],
    operations: [...operations.values()],
    activity: [...activity.values()],
    views: [...views].map(([documentId, count]) => ({ documentId, views: count })),
    exposures: [...exposures.values()],
    splits: splits.sort((a, b) => a.at.getTime() - b.at.getTime()),
    anomalies: [...anomalies.values()],
    touched,
  };
}
