import type { EventBus, Logger } from '@ukp/kit';
import type { OperationType, Outcome, RequestRecord } from './request-record.js';

export const GATEWAY_REQUEST_TOPIC = 'gateway.request';

/** What analytics receives for a sampled request (topic `gateway.request`). */
export interface GatewayRequestEvent {
  /**
   * The share of requests sampled when this one was (GATEWAY_METRICS_SAMPLE_RATE, 0–1]: each
   * event stands for 1 / sampleRate requests.
   */
  sampleRate: number;
  operationName: string | null;
  operationType: OperationType | null;
  durationMs: number;
  outcome: Outcome;
  errorCodes: string[];
  userId: string | null;
  /** ISO-8601 time the request arrived. */
  at: string;
  /** Milliseconds spent in fetches to each subgraph, by subgraph name; absent when none was fetched. */
  subgraphTimings?: Record<string, number>;
}

/** `full`: more samples waiting or in flight than `maxPending`; `failed`: the bus refused one. */
export type SampleDropReason = 'full' | 'failed';

export interface RequestSamplerOptions {
  bus: EventBus;
  /** 0–1: the share of requests published (1, the default of GATEWAY_METRICS_SAMPLE_RATE: all). */
  rate: number;
  logger: Logger;
  random?: () => number;
  /** How long a sample may wait for others to go out with it (ms); default 1000. */
  flushMs?: number;
  /** Samples that make a flush start at once rather than when `flushMs` is up; default 500. */
  flushAt?: number;
  /** Samples buffered or still being published beyond which new ones are dropped; default 10,000. */
  maxPending?: number;
  /** Told of every sample that will not reach the bus (the gateway's metrics count them). */
  onDropped?: (reason: SampleDropReason, count: number) => void;
}

export interface RequestSampler {
  /** The request observer's listener: never waits, never throws. */
  record(record: RequestRecord): void;
  /** Publishes what is buffered now; resolves once the bus has taken (or refused) each sample. */
  flush(): Promise<void>;
  /** Flushes, and from then on publishes each sample at once: nothing waits on a stopped gateway. */
  stop(): Promise<void>;
}

const DEFAULT_FLUSH_MS = 1000;
const DEFAULT_FLUSH_AT = 500;
const DEFAULT_MAX_PENDING = 10_000;

function eventOf(record: RequestRecord, sampleRate: number): GatewayRequestEvent {
  const event: GatewayRequestEvent = {
    sampleRate,
    operationName: record.operationName,
    operationType: record.operationType,
    durationMs: record.durationMs,
    outcome: record.outcome,
    errorCodes: [...new Set(record.errorCodes)],
    userId: record.userId,
    at: record.startedAt.toISOString(),
  };
  if (record.subgraphTimings) event.subgraphTimings = record.subgraphTimings;
  return event;
}

/**
 * Publishes a random sample of requests for analytics, in bursts: a sample waits up to `flushMs`
 * for others, so the consumer (analytics, in the same process when embedded, where its database
 * runs on this event loop) stores a burst in one transaction instead of one transaction per
 * request. Still one `gateway.request` event per sampled request, so each is counted once by its
 * event id. Fire and forget: a slow or failing bus never holds up or fails the response it
 * describes; what it cannot take is dropped and counted.
 */
export function requestSampler(options: RequestSamplerOptions): RequestSampler {
  const random = options.random ?? Math.random;
  const flushMs = options.flushMs ?? DEFAULT_FLUSH_MS;
  const flushAt = Math.max(1, options.flushAt ?? DEFAULT_FLUSH_AT);
  const maxPending = Math.max(1, options.maxPending ?? DEFAULT_MAX_PENDING);
  const { bus, logger } = options;
  let buffer: RequestRecord[] = [];
  let inFlight = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const dropped = (reason: SampleDropReason, count: number) => {
    try {
      options.onDropped?.(reason, count);
    } catch (error) {
      logger.warn({ err: error }, 'request sample drop not counted');
    }
  };

  function publish(records: readonly RequestRecord[]): Promise<void> {
    inFlight += records.length;
    let failed = 0;
    let firstError: unknown;
    const sends = records.map((record) =>
      bus.publish(GATEWAY_REQUEST_TOPIC, eventOf(record, options.rate)).then(
        () => {
          inFlight -= 1;
        },
        (error: unknown) => {
          inFlight -= 1;
          failed += 1;
          firstError ??= error;
        },
      ),
    );
    return Promise.all(sends).then(() => {
      if (failed === 0) return;
      // One line per burst, not per sample: a broken bus would otherwise flood the log.
      logger.warn({ err: firstError, samples: failed }, 'request samples not published');
      dropped('failed', failed);
    });
  }

  function flush(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (buffer.length === 0) return Promise.resolve();
    const records = buffer;
    buffer = [];
    return publish(records);
  }

  return {
    record(record) {
      if (options.rate < 1 && (options.rate <= 0 || random() >= options.rate)) return;
      if (buffer.length + inFlight >= maxPending) {
        dropped('full', 1);
        return;
      }
      if (stopped) {
        void publish([record]);
        return;
      }
      buffer.push(record);
      if (buffer.length >= flushAt) void flush();
      else if (!timer) {
        timer = setTimeout(flush, flushMs);
        // A buffered sample must not keep the process alive: stop() is what flushes at shutdown.
        timer.unref();
      }
    },
    flush,
    async stop() {
      stopped = true;
      await flush();
    },
  };
}
