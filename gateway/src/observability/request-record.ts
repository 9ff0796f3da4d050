import { performance } from 'node:perf_hooks';
import type { ServerSpan } from '@ukp/kit';

export type OperationType = 'query' | 'mutation' | 'subscription';

/**
 * `ok`: no errors. `rejected`: refused before anything ran (malformed, invalid, over a limit or
 * rate limit, bad credentials). `error`: it ran, or the server failed, and there are errors.
 */
export type Outcome = 'ok' | 'error' | 'rejected';

/** One finished request, as the access log, the metrics and the analytics sample see it. */
export interface RequestRecord {
  requestId: string;
  transport: 'http' | 'ws';
  userId: string | null;
  operationName: string | null;
  operationType: OperationType | null;
  startedAt: Date;
  durationMs: number;
  /** The HTTP status; over the socket, the status Apollo would have answered with. */
  status: number;
  outcome: Outcome;
  /** One entry per error in the response, in order (repeats kept, for counting). */
  errorCodes: string[];
  /** The request's trace: its server span's, or with tracing off the caller's `traceparent`'s. */
  traceId?: string | undefined;
  /**
   * Milliseconds spent in fetches to each subgraph (retries included; fetches that overlapped are
   * added up); absent when nothing was fetched (refused, answered from the cache).
   */
  subgraphTimings?: Record<string, number> | undefined;
}

/**
 * Told how long each subgraph fetch of a request took: the request's observation, on its context
 * as `subgraphTimings`, for the subgraph client to call.
 */
export interface SubgraphTimingSink {
  subgraphFetched(subgraph: string, ms: number): void;
}

/** A request in flight; the pieces arrive from the HTTP layer and from Apollo's hooks. */
export class RequestObservation implements SubgraphTimingSink {
  userId: string | null = null;
  operationName: string | null = null;
  operationType: OperationType | null = null;
  /** Apollo started executing: errors from here on are `error`, not `rejected`. */
  executed = false;
  errorCodes: string[] = [];
  /** The request's server span (tracing on); `finish` ends it with the status and outcome. */
  span: ServerSpan | undefined;
  traceId: string | undefined;
  /** Created by the first fetch: a request that fetches nothing allocates nothing for it. */
  private timings: Record<string, number> | undefined;
  private readonly startedAt = new Date();
  private readonly started = performance.now();

  constructor(
    readonly requestId: string,
    readonly transport: 'http' | 'ws',
  ) {}

  subgraphFetched(subgraph: string, ms: number): void {
    if (!this.timings) this.timings = {};
    this.timings[subgraph] = (this.timings[subgraph] ?? 0) + ms;
  }

  finish(status: number): RequestRecord {
    const outcome = outcomeOf(this.errorCodes.length > 0, status, this.executed);
    this.span?.end(status, outcome, this.errorCodes);
    return {
      requestId: this.requestId,
      transport: this.transport,
      userId: this.userId,
      operationName: this.operationName,
      operationType: this.operationType,
      startedAt: this.startedAt,
      durationMs: Math.round((performance.now() - this.started) * 100) / 100,
      status,
      outcome,
      errorCodes: this.errorCodes,
      traceId: this.traceId,
      subgraphTimings: this.timings && roundedTimings(this.timings),
    };
  }
}

function roundedTimings(timings: Record<string, number>): Record<string, number> {
  const rounded: Record<string, number> = {};
  for (const [subgraph, ms] of Object.entries(timings)) rounded[subgraph] = Math.round(ms * 100) / 100;
  return rounded;
}

export function outcomeOf(hasErrors: boolean, status: number, executed: boolean): Outcome {
  if (!hasErrors && status < 400) return 'ok';
  if (executed || status >= 500) return 'error';
  return 'rejected';
}
