import { performance } from 'node:perf_hooks';
import { appError, CLIENT_ADDRESS_HEADER, type ClientAddressSigner, codeOf } from '@ukp/kit';
import { Pool } from 'undici';
import type { GatewayContext } from '../context.js';
import type { SubgraphPolicy } from '../resilience/subgraph-policy.js';
import { readBoundedBody } from './bounded-body.js';
import { cacheHintFromHeader } from './cache-hint.js';
import type { SubgraphCall, SubgraphReply } from './plan-executor.js';

/** 8 MiB, GATEWAY_MAX_SUBGRAPH_RESPONSE_BYTES's default. */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** Told how long each subgraph fetch took; `error` when it gave no usable answer. */
export type SubgraphFetchObserver = (subgraph: string, seconds: number, outcome: 'ok' | 'error') => void;

export interface SubgraphClientOptions {
  onFetch?: SubgraphFetchObserver | undefined;
  /** Retries (queries only) and the circuit breaker for this subgraph. */
  policy?: SubgraphPolicy | undefined;
  /**
   * The subgraph must send its response headers within this, and never pause longer than this
   * inside the body (undici's per-request timers: no AbortSignal and timer per fetch).
   */
  timeoutMs?: number | undefined;
  /** Keep-alive connections to the subgraph. */
  connections?: number | undefined;
  /** Vouches for the client's address to the subgraph; without it the subgraph sees ours. */
  addressSigner?: ClientAddressSigner | undefined;
  /**
   * Most bytes one answer may have (GATEWAY_MAX_SUBGRAPH_RESPONSE_BYTES); a longer one is cut off
   * as it streams in and refused with RESPONSE_TOO_LARGE.
   */
  maxResponseBytes?: number | undefined;
}

/** A non-2xx answer, shaped like RemoteGraphQLDataSource's so the retry policy reads its status. */
class SubgraphHttpError extends Error {
  readonly extensions: { code?: string; response: { status: number } };
  constructor(status: number) {
    super(`${status}: subgraph answered with HTTP ${status}`);
    this.extensions = {
      response: { status },
      ...(status === 401 ? { code: 'UNAUTHENTICATED' } : status === 403 ? { code: 'FORBIDDEN' } : {}),
    };
  }
}

/**
 * One subgraph over HTTP: undici's pool (keep-alive, no WHATWG streams) instead of the gateway's
 * make-fetch-happen stack (why: execution/README.md, "Speed"). Each call carries
 * the caller's identity and trace (the subgraphs verify the same token themselves and log under
 * the same request id). A subgraph that gives no usable answer is SUBGRAPH_UNAVAILABLE naming it.
 */
export class SubgraphClient {
  private readonly pool: Pool;
  private readonly path: string;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;

  constructor(
    readonly name: string,
    readonly url: string,
    private readonly options: SubgraphClientOptions = {},
  ) {
    const target = new URL(url);
    this.path = `${target.pathname}${target.search}`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.pool = new Pool(target.origin, {
      connections: options.connections ?? 128,
      keepAliveTimeout: 30_000,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
  }

  async call(call: SubgraphCall, context: GatewayContext | undefined): Promise<SubgraphReply> {
    // The request is already refused: the rest of its plan is not worth a round trip.
    if (call.budget?.exceeded) throw call.budget.exceeded;
    const started = performance.now();
    const span = context?.trace?.subgraph(this.name, call.kind);
    const headers = this.headers(context, span?.headers);
    let outcome: 'ok' | 'error' = 'error';
    let failure: unknown;
    try {
      // Inline arrows: tsx (what runs the benchmarks) names every `const f = () => …` per call.
      const reply =
        this.options.policy && call.kind !== 'subscription'
          ? await this.options.policy.run(call.kind, () => this.send(call, headers))
          : await this.send(call, headers);
      outcome = 'ok';
      return reply;
    } catch (error) {
      failure = error;
      if (codeOf(error)) throw error;
      throw appError(
        'SUBGRAPH_UNAVAILABLE',
        `The ${this.name} service is unavailable; fields it provides are null.`,
        {
          subgraph: this.name,
        },
      );
    } finally {
      span?.end(outcome === 'ok' ? undefined : failure);
      const ms = performance.now() - started;
      context?.subgraphTimings?.subgraphFetched(this.name, ms);
      this.options.onFetch?.(this.name, ms / 1000, outcome);
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private headers(context: GatewayContext | undefined, trace: Record<string, string> | undefined) {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (context) {
      headers['x-request-id'] = context.requestId;
      if (context.authorization) headers.authorization = context.authorization;
      if (context.ip && this.options.addressSigner)
        headers[CLIENT_ADDRESS_HEADER] = this.options.addressSigner.sign(context.ip);
      if (trace) Object.assign(headers, trace);
    }
    return headers;
  }

  private async send(call: SubgraphCall, headers: Record<string, string>): Promise<SubgraphReply> {
    const response = await this.pool.request({
      path: this.path,
      method: 'POST',
      headers,
      body: call.body,
    });
    const text = await readBoundedBody(response.body, response.headers, {
      maxBytes: this.maxResponseBytes,
      budget: call.budget,
      subgraph: this.name,
    });
    if (response.statusCode < 200 || response.statusCode >= 300)
      throw new SubgraphHttpError(response.statusCode);
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error('Expected a JSON object from the subgraph');
    }
    // A JSON object, taken as a GraphQL response: the executor checks the parts it uses
    // (`_entities` is an array of the right length; the shaper checks every value it keeps).
    const reply = parsed as SubgraphReply;
    reply.cacheHint = cacheHintFromHeader(response.headers['cache-control']);
    return reply;
  }
}
