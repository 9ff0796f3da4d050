import type { Logger } from '@ukp/kit';
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
} from 'cockatiel';

export interface ResilienceConfig {
  /** Attempts in all for a query (mutations are never retried): 1 disables retries. */
  attempts: number;
  /** Consecutive failures that open the circuit. */
  breakerThreshold: number;
  /** How long an open circuit fails fast before one trial request is let through. */
  halfOpenAfterMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/** Failures worth retrying or counting against a subgraph: it did not answer, or answered 502–504/429. */
export function isTransient(error: unknown): boolean {
  if (error instanceof BrokenCircuitError) return false;
  const e = error as {
    name?: string;
    code?: string;
    message?: string;
    extensions?: { response?: { status?: number } };
  };
  const status = e.extensions?.response?.status;
  if (status !== undefined) return status === 429 || status === 502 || status === 503 || status === 504;
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return true;
  return /fetch failed|ECONNREFUSED|ECONNRESET|EPIPE|socket hang up|other side closed|timeout/i.test(
    `${e.code ?? ''} ${e.message ?? ''}`,
  );
}

/**
 * One subgraph's resilience: queries are retried with jittered exponential backoff (mutations
 * never are — they may have taken effect), and a circuit breaker fails fast after repeated
 * failures so a dead subgraph costs nothing while it is down.
 */
export class SubgraphPolicy {
  private readonly breaker;
  private readonly retry;

  constructor(
    readonly subgraph: string,
    config: ResilienceConfig,
    logger?: Logger,
  ) {
    this.breaker = circuitBreaker(handleWhen(isTransient), {
      halfOpenAfter: config.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(config.breakerThreshold),
    });
    this.retry = retry(handleWhen(isTransient), {
      maxAttempts: Math.max(0, config.attempts - 1),
      backoff: new ExponentialBackoff({ initialDelay: 25, maxDelay: 400 }),
    });
    this.breaker.onBreak(() => logger?.warn({ subgraph }, 'circuit opened: failing fast'));
    this.breaker.onHalfOpen(() => logger?.info({ subgraph }, 'circuit half-open: trying one request'));
    this.breaker.onReset(() => logger?.info({ subgraph }, 'circuit closed again'));
  }

  get state(): BreakerState {
    switch (this.breaker.state) {
      case CircuitState.Open:
      case CircuitState.Isolated:
        return 'open';
      case CircuitState.HalfOpen:
        return 'half-open';
      default:
        return 'closed';
    }
  }

  run<T>(kind: 'query' | 'mutation', fn: () => Promise<T>): Promise<T> {
    if (kind === 'mutation') return this.breaker.execute(fn);
    // Retry outside the breaker: an open circuit is not transient, so it is not retried.
    return this.retry.execute(() => this.breaker.execute(fn));
  }
}

export { BrokenCircuitError };
