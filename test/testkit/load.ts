import { setTimeout as sleep } from 'node:timers/promises';
import type { GraphQLResult } from './platform.js';

/** One request of a load: what it was, when it started, how long it took and what came back. */
export interface Outcome {
  kind: string;
  startedAt: number;
  ms: number;
  /** Every `extensions.code` of the answer (empty when it had no errors). */
  codes: string[];
  /** The id a write returned: acknowledged, so it must be there afterwards. */
  acknowledged?: string;
  /** The request failed below GraphQL (the socket, the client's own bound). */
  transportError?: string;
}

export interface Load {
  readonly outcomes: readonly Outcome[];
  /** Outcomes since `since` (epoch ms, by start time). */
  after(since: number): Outcome[];
  /** Lets each worker finish its request in flight, then resolves with every outcome. */
  stop(): Promise<Outcome[]>;
}

export interface LoadOptions {
  workers: number;
  /** A hard ceiling per worker, whatever happens, so the load is bounded even if stop() is late. */
  maxRequestsPerWorker: number;
  /** Pause between one worker's requests: a steady trickle, not a flood of two cores. */
  pauseMs: number;
  /** Sends request number `i` of `worker`; describes it as an outcome (see `outcomeOf`). */
  step(worker: number, i: number): Promise<Omit<Outcome, 'startedAt' | 'ms'>>;
}

/** A bounded, steady load of requests to 127.0.0.1, recorded request by request. */
export function startLoad(options: LoadOptions): Load {
  const outcomes: Outcome[] = [];
  let stopping = false;
  const workers = Array.from({ length: options.workers }, async (_, worker) => {
    for (let i = 0; i < options.maxRequestsPerWorker && !stopping; i += 1) {
      const startedAt = Date.now();
      let result: Omit<Outcome, 'startedAt' | 'ms'>;
      try {
        result = await options.step(worker, i);
      } catch (error) {
        result = { kind: 'unknown', codes: [], transportError: String(error) };
      }
      outcomes.push({ ...result, startedAt, ms: Date.now() - startedAt });
      await sleep(options.pauseMs);
    }
  });
  return {
    outcomes,
    after: (since) => outcomes.filter((o) => o.startedAt >= since),
    async stop() {
      stopping = true;
      await Promise.all(workers);
      return outcomes;
    },
  };
}

/** The codes of a GraphQL answer, for an outcome. */
export function codesOf(result: GraphQLResult<unknown>): string[] {
  return (result.errors ?? []).map((e) => String(e.extensions?.code ?? 'NO_CODE'));
}

/** Outcomes whose answer had any code outside `allowed`, or that failed below GraphQL. */
export function unexpected(outcomes: readonly Outcome[], allowed: readonly string[]): Outcome[] {
  return outcomes.filter((o) => o.transportError !== undefined || o.codes.some((c) => !allowed.includes(c)));
}
