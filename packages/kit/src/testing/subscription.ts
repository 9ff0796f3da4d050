import { type DocumentNode, print } from 'graphql';
import type { Client, FormattedExecutionResult } from 'graphql-ws';
import { within } from './timeout.js';

/** Generous on purpose: only a missing event waits this long, and two cores run every test file. */
const DEFAULT_TIMEOUT_MS = 10_000;

/** One payload of a subscription (or of a query or mutation sent over the socket). */
export type SubscriptionResult<T = Record<string, unknown>> = FormattedExecutionResult<
  T,
  Record<string, unknown>
>;

/**
 * A document typed by codegen (`TypedDocumentNode`), matched by shape so the kit needs no
 * dependency on `@graphql-typed-document-node/core`.
 */
export type TypedDocument<T, V> = DocumentNode & { __apiType?: (variables: V) => T };

/** A subscription whose events a test awaits one at a time; see `subscribe`. */
export interface Recording<T> extends AsyncIterable<SubscriptionResult<T>> {
  /** Every result received so far, in order, taken or not. */
  readonly results: ReadonlyArray<SubscriptionResult<T>>;
  /** How many received results have not been taken yet. */
  pending(): number;
  /**
   * The next result not yet taken. Rejects with the subscription's error if it failed, when it
   * completed instead, or after `timeoutMs` (a timed-out wait takes nothing: the result that comes
   * later is the next one).
   */
  next(timeoutMs?: number): Promise<SubscriptionResult<T>>;
  /** The next `count` results. */
  take(count: number, timeoutMs?: number): Promise<Array<SubscriptionResult<T>>>;
  /**
   * Resolves when the subscription completes with nothing left to take; rejects with its error
   * (the server's error list, or the socket's close event), or when a result comes first.
   */
  ended(timeoutMs?: number): Promise<void>;
  /**
   * Settles when the subscription ends, whatever is left to take: resolves on `complete` (or
   * `close()`), rejects with its error. For a test that watches the order of endings.
   */
  readonly finished: Promise<void>;
  /** Unsubscribes (graphql-ws sends `complete`); waits still pending see the end. */
  close(): Promise<void>;
}

/**
 * Subscribes and records what arrives, so a test can await events in order without sleeping.
 *
 * Built on `client.subscribe` with a sink rather than `client.iterate()`: graphql-ws' iterator is
 * an async generator that misses an error or completion arriving before its first `next()` (and
 * then waits forever), and whose pending `next()` never settles after `return()`. The iterator
 * handed out here is written out (`next`/`return`), as STACK-NOTES asks of subscription plumbing.
 */
export function subscribe<
  T = Record<string, unknown>,
  V extends Record<string, unknown> = Record<string, unknown>,
>(client: Client, query: string | TypedDocument<T, V>, variables?: V): Recording<T> {
  type Result = SubscriptionResult<T>;
  const results: Result[] = [];
  let taken = 0;
  let end: { failed: false } | { failed: true; error: unknown } | null = null;
  const waiters = new Set<() => void>();
  let settle: { resolve(): void; reject(error: unknown): void } = { resolve() {}, reject() {} };
  const finished = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A test that never looks at `finished` must not see its rejection reported as unhandled.
  finished.catch(() => {});
  const wake = () => {
    if (end?.failed) settle.reject(end.error);
    else if (end) settle.resolve();
    for (const waiter of [...waiters]) {
      waiters.delete(waiter);
      waiter();
    }
  };
  const dispose = client.subscribe<T, Record<string, unknown>>(
    { query: typeof query === 'string' ? query : print(query), variables: variables ?? {} },
    {
      next: (value) => {
        results.push(value);
        wake();
      },
      error: (error) => {
        end ??= { failed: true, error };
        wake();
      },
      complete: () => {
        end ??= { failed: false };
        wake();
      },
    },
  );

  async function pull(timeoutMs: number, what: string): Promise<IteratorResult<Result, undefined>> {
    let check = () => {};
    const settled = new Promise<IteratorResult<Result, undefined>>((resolve, reject) => {
      check = () => {
        const value = results[taken];
        if (value !== undefined) {
          taken += 1;
          resolve({ done: false, value });
        } else if (end?.failed) reject(end.error);
        else if (end) resolve({ done: true, value: undefined });
        else waiters.add(check);
      };
    });
    check();
    try {
      return await within(settled, `${what} (${results.length} received, ${taken} taken)`, timeoutMs);
    } finally {
      // A wait that timed out must not take the result that arrives after it.
      waiters.delete(check);
    }
  }

  const recording: Recording<T> = {
    results,
    finished,
    pending: () => results.length - taken,
    async next(timeoutMs = DEFAULT_TIMEOUT_MS) {
      const result = await pull(timeoutMs, 'the next event');
      if (result.done) throw new Error('the subscription ended');
      return result.value;
    },
    async take(count, timeoutMs = DEFAULT_TIMEOUT_MS) {
      const out: Result[] = [];
      while (out.length < count) out.push(await recording.next(timeoutMs));
      return out;
    },
    async ended(timeoutMs = DEFAULT_TIMEOUT_MS) {
      const result = await pull(timeoutMs, 'the end of the subscription');
      if (!result.done) throw new Error(`expected the end, got ${JSON.stringify(result.value)}`);
    },
    async close() {
      dispose();
      end ??= { failed: false };
      wake();
    },
    [Symbol.asyncIterator]() {
      return {
        next: () => pull(DEFAULT_TIMEOUT_MS, 'the next event'),
        return: async () => {
          await recording.close();
          return { done: true, value: undefined };
        },
      };
    },
  };
  return recording;
}
