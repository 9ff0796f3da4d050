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

export interface RequestSamplerOptions {
  bus: EventBus;
  /** 0–1: the share of requests published (1, the default of GATEWAY_METRICS_SAMPLE_RATE: all). */
  rate: number;
  logger: Logger;
  random?: () => number;
}

/**
 * Publishes a random sample of requests for analytics. Fire and forget: a slow or failing bus
 * must never hold up or fail the response it describes.
 */
export function requestSampler(options: RequestSamplerOptions): (record: RequestRecord) => void {
  const random = options.random ?? Math.random;
  return (record) => {
    if (options.rate < 1 && (options.rate <= 0 || random() >= options.rate)) return;
    const event: GatewayRequestEvent = {
      sampleRate: options.rate,
      operationName: record.operationName,
      operationType: record.operationType,
      durationMs: record.durationMs,
      outcome: record.outcome,
      errorCodes: [...new Set(record.errorCodes)],
      userId: record.userId,
      at: record.startedAt.toISOString(),
    };
    if (record.subgraphTimings) event.subgraphTimings = record.subgraphTimings;
    options.bus
      .publish(GATEWAY_REQUEST_TOPIC, event)
      .catch((error: unknown) => options.logger.warn({ err: error }, 'request sample not published'));
  };
}
