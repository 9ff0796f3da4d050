import { performance } from 'node:perf_hooks';
import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { appError, codeOf } from '@ukp/kit';
import type { GatewayContext } from '../context.js';
import type { SubgraphPolicy } from '../resilience/subgraph-policy.js';

/** Told how long each subgraph fetch took; `error` when it gave no usable answer. */
export type SubgraphFetchObserver = (subgraph: string, seconds: number, outcome: 'ok' | 'error') => void;

/**
 * Subgraph calls carry the caller's identity and the trace: the subgraphs verify the same
 * token themselves (defence in depth) and log under the same request id. A subgraph that cannot
 * be reached becomes SUBGRAPH_UNAVAILABLE naming it; the rest of the plan still runs.
 */
export interface ForwardingOptions {
  onFetch?: SubgraphFetchObserver | undefined;
  /** Retries (queries only) and the circuit breaker for this subgraph. */
  policy?: SubgraphPolicy | undefined;
  /** Per-request timeout; the request is aborted after it. */
  timeoutMs?: number | undefined;
}

type Fetcher = NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher'];

/**
 * Node's own fetch (undici, keep-alive by default) with a timeout. The gateway's default
 * make-fetch-happen stack costs about half the gateway's CPU per subgraph call.
 */
function timedFetch(timeoutMs: number): Fetcher {
  return ((input: string, init?: RequestInit) =>
    fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as unknown as Fetcher;
}

export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly onFetch: SubgraphFetchObserver | undefined;
  private readonly policy: SubgraphPolicy | undefined;

  constructor(
    readonly subgraphName: string,
    url: string,
    options: ForwardingOptions = {},
  ) {
    super({ url, fetcher: timedFetch(options.timeoutMs ?? 10_000) });
    this.onFetch = options.onFetch;
    this.policy = options.policy;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers || !context || !('requestId' in context)) return;
    headers.set('x-request-id', context.requestId);
    if (context.authorization) headers.set('authorization', context.authorization);
    if (context.traceparent) headers.set('traceparent', context.traceparent);
    if (context.ip) headers.set('x-forwarded-for', context.ip);
  }

  override async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): ReturnType<RemoteGraphQLDataSource['process']> {
    const started = performance.now();
    let outcome: 'ok' | 'error' = 'error';
    try {
      const kind = /^\s*mutation\b/.test(options.request.query ?? '') ? 'mutation' : 'query';
      const response = this.policy
        ? await this.policy.run(kind, () => super.process(options))
        : await super.process(options);
      outcome = 'ok';
      return response;
    } catch (error) {
      if (codeOf(error)) throw error;
      throw appError(
        'SUBGRAPH_UNAVAILABLE',
        `The ${this.subgraphName} service is unavailable; fields it provides are null.`,
        {
          subgraph: this.subgraphName,
        },
      );
    } finally {
      this.onFetch?.(this.subgraphName, (performance.now() - started) / 1000, outcome);
    }
  }
}
