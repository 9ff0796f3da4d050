import { type BusEvent, busIterator, codeOf, errors, mapIterator } from '@ukp/kit';
import type { AnalyticsDeps } from '../deps.js';
import { METRIC_NAME } from '../metrics/catalog.js';
import {
  type AnomalyPayload,
  LIVE_TOPICS,
  type MetricSamplePayload,
  type NotificationPayload,
} from './topics.js';

/** Metrics one `metricUpdated` subscription may name. */
export const MAX_LIVE_METRICS = 20;
/** Metrics one `anomalyDetected` subscription may name. */
export const MAX_ANOMALY_METRICS = 100;

/**
 * The subscriptions of this subgraph, over the bus: a subscriber on any instance hears what every
 * instance publishes. Each subscriber's filter runs in the bus handler, before anything is queued
 * for it. Every feed resolves once its bus subscription is live, so nothing published after that
 * is missed; bad arguments reject with BAD_USER_INPUT before anything is subscribed.
 */
export interface LiveFeeds {
  /** Each named metric's current one-minute value when it changes (1–20 valid names). */
  metricUpdated(metrics: readonly string[]): Promise<AsyncIterableIterator<MetricSamplePayload>>;
  /** New anomalies in the named metrics; every metric when null or empty. */
  anomalyDetected(
    metrics: readonly string[] | null | undefined,
  ): Promise<AsyncIterableIterator<AnomalyPayload>>;
  /** The user's new notifications, and nobody else's. */
  notifications(userId: string): Promise<AsyncIterableIterator<NotificationPayload>>;
}

export interface LiveFeedsOptions {
  /** Events held for one slow subscriber; beyond it the oldest are dropped. Default 256. */
  maxQueued?: number;
}

function metricSet(metrics: readonly string[], max: number): Set<string> {
  if (metrics.length < 1 || metrics.length > max) {
    throw errors.badInput(`metrics must name 1 to ${max} metrics.`, 'metrics');
  }
  for (const metric of metrics) {
    if (typeof metric !== 'string' || !METRIC_NAME.test(metric)) {
      throw errors.badInput('Each metric must be 1–100 characters of [a-z0-9_.].', 'metrics');
    }
  }
  return new Set(metrics);
}

export function createLiveFeeds(deps: AnalyticsDeps, options: LiveFeedsOptions = {}): LiveFeeds {
  /** Registry errors pass; anything else is logged and masked. */
  const toClientError = (error: unknown) => {
    if (codeOf(error) && codeOf(error) !== 'INTERNAL_SERVER_ERROR') return error;
    deps.logger.error({ err: error }, 'subscription failed');
    return errors.internal();
  };

  async function feed<T>(topic: string, wanted: (data: T) => boolean): Promise<AsyncIterableIterator<T>> {
    const source = await busIterator<T>(deps.bus, topic, {
      filter: (event: BusEvent<T>) => wanted(event.data),
      maxQueued: options.maxQueued,
      // Live values and announcements: a subscriber who fell behind wants the newest, not all.
      overflow: 'drop-oldest',
    });
    return mapIterator(source, (event) => ({ emit: event.data }), toClientError);
  }

  return {
    async metricUpdated(metrics) {
      const names = metricSet(metrics, MAX_LIVE_METRICS);
      return feed<MetricSamplePayload>(LIVE_TOPICS.metric, (sample) => names.has(sample.metric));
    },
    async anomalyDetected(metrics) {
      const names = metrics && metrics.length > 0 ? metricSet(metrics, MAX_ANOMALY_METRICS) : null;
      return feed<AnomalyPayload>(
        LIVE_TOPICS.anomaly,
        (anomaly) => names === null || names.has(anomaly.metric),
      );
    },
    async notifications(userId) {
      return feed<NotificationPayload>(LIVE_TOPICS.notification, (notice) => notice.userId === userId);
    },
  };
}
