import type { AnalyticsDeps } from '../deps.js';
import type { IngestPipeline } from '../ingest/pipeline.js';
import type { IngestResult } from '../ingest/types.js';
import { BUILTIN_METRICS, isBuiltinMetric } from '../metrics/catalog.js';
import { INTERVAL_MS, windowStart } from '../metrics/intervals.js';
import { windowValues } from '../metrics/windows.js';
import { LIVE_TOPICS, type MetricSamplePayload } from './topics.js';

export interface LivePublisherOptions {
  /** The throttle: a metric is published at most once per this many ms. Default 1000. */
  intervalMs?: number;
  /** Called after each flush with what it published (possibly nothing): metrics, tests. */
  onFlush?: (published: MetricSamplePayload[]) => void;
}

/** Last published values remembered (one per metric name); the oldest are forgotten beyond it. */
const MAX_REMEMBERED = 10_000;
/** Metric names one flush reads at most; the rest wait for the next. */
const MAX_PER_FLUSH = 1000;

/** The names dashboards ask for that a stored metric's change moves (`latency_ms` → the three quantiles). */
export function namesOfStored(stored: string): string[] {
  const names = Object.entries(BUILTIN_METRICS)
    .filter(([, read]) => read.stored === stored)
    .map(([name]) => name);
  // Any other stored metric is also an event count under its own name.
  if (!isBuiltinMetric(stored)) names.push(stored);
  return names;
}

/**
 * Pushes each metric's current one-minute value to `metricUpdated` subscribers on every instance.
 * A trailing-edge throttle: the first commit that touches a metric starts a one-second timer, the
 * commits during that second only mark it, and when the second is up the value is read once and
 * published — so a metric is published at most once a second, always with its latest value, and
 * only when that value changed. One timer serves every metric, so a flush reads them all at once.
 */
export function createLivePublisher(
  deps: AnalyticsDeps,
  pipeline: Pick<IngestPipeline, 'onCommitted'>,
  options: LivePublisherOptions = {},
): { stop(): Promise<void> } {
  const intervalMs = options.intervalMs ?? 1000;
  /** Metric name → the minute window it was last touched in (the newest wins). */
  const pending = new Map<string, number>();
  const published = new Map<string, { at: number; value: number }>();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;
  let stopped = false;

  const remember = (metric: string, at: number, value: number) => {
    published.delete(metric);
    published.set(metric, { at, value });
    if (published.size > MAX_REMEMBERED) {
      const oldest = published.keys().next().value;
      if (oldest !== undefined) published.delete(oldest);
    }
  };

  const flush = async () => {
    const sent: MetricSamplePayload[] = [];
    const batch = [...pending].slice(0, MAX_PER_FLUSH);
    for (const [metric] of batch) pending.delete(metric);
    const byWindow = new Map<number, string[]>();
    for (const [metric, at] of batch) byWindow.set(at, [...(byWindow.get(at) ?? []), metric]);
    for (const [at, metrics] of byWindow) {
      const values = await windowValues(deps, metrics, 'MINUTE', new Date(at));
      for (const metric of metrics) {
        const value = values.get(metric) ?? 0;
        const last = published.get(metric);
        if (last && last.at === at && last.value === value) continue;
        const sample: MetricSamplePayload = { metric, value, at: new Date(at).toISOString() };
        await deps.bus.publish(LIVE_TOPICS.metric, sample);
        remember(metric, at, value);
        sent.push(sample);
      }
    }
    options.onFlush?.(sent);
  };

  const schedule = () => {
    if (timer || flushing || stopped || pending.size === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      flushing = deps.background
        .track(flush())
        .catch((error: unknown) => deps.logger.error({ err: error }, 'live metrics flush failed'))
        .finally(() => {
          flushing = undefined;
          // Commits that came during the flush start the next second now.
          schedule();
        });
    }, intervalMs);
    timer.unref();
  };

  const onCommitted = (result: IngestResult) => {
    if (stopped) return;
    // Only the current minute is live (and the one that just closed, for commits straddling the turn);
    // a late event's older window is history, for timeSeries.
    const current = windowStart(deps.now(), 'MINUTE').getTime();
    for (const { metric: stored, at } of result.touched) {
      const minute = windowStart(at, 'MINUTE').getTime();
      if (minute < current - INTERVAL_MS.MINUTE || minute > current) continue;
      for (const name of namesOfStored(stored)) {
        const seen = pending.get(name);
        if (seen === undefined || minute > seen) pending.set(name, minute);
      }
    }
    schedule();
  };

  const unsubscribe = pipeline.onCommitted(onCommitted);
  return {
    async stop() {
      stopped = true;
      unsubscribe();
      clearTimeout(timer);
      timer = undefined;
      pending.clear();
      await flushing;
    },
  };
}
