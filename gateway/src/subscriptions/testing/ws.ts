import type { Client, FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

export type Result = FormattedExecutionResult<Record<string, unknown>, unknown>;

/** Awaits `promise`, failing after `ms` with what was being waited for. */
export async function within<T>(promise: Promise<T>, what: string, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A subscription through `client.subscribe`, recorded: every `next` payload, and how it ended
 * (`complete`, or the error the sink got).
 */
export interface Recorded {
  results: Result[];
  /** Resolves once `count` results have arrived. */
  received(count: number, what?: string): Promise<Result[]>;
  /** Resolves when the subscription completes; rejects with the sink's error. */
  ended: Promise<void>;
  /** Unsubscribes (sends `complete`). */
  stop(): void;
}

export function record(client: Client, query: string, variables: Record<string, unknown> = {}): Recorded {
  const results: Result[] = [];
  const waiters: Array<() => void> = [];
  let complete: () => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const ended = new Promise<void>((resolve, reject) => {
    complete = resolve;
    fail = reject;
  });
  // Keep a rejection from being "unhandled" in tests that never look at `ended`.
  ended.catch(() => {});
  const stop = client.subscribe<Record<string, unknown>, unknown>(
    { query, variables },
    {
      next: (value) => {
        results.push(value);
        for (const wake of waiters.splice(0)) wake();
      },
      error: (error) => {
        fail(error);
        for (const wake of waiters.splice(0)) wake();
      },
      complete: () => {
        complete();
        for (const wake of waiters.splice(0)) wake();
      },
    },
  );
  const received = (count: number, what = `${count} result(s)`) =>
    within(
      new Promise<Result[]>((resolve) => {
        const check = () => {
          if (results.length >= count) resolve(results.slice(0, count));
          else waiters.push(check);
        };
        check();
      }),
      what,
    );
  return { results, received, ended, stop };
}

export interface RawSocket {
  socket: WebSocket;
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  send(message: unknown): void;
  /** Resolves with the first message of this type (received before or after the call). */
  message(type: string): Promise<Record<string, unknown>>;
}

/** A bare graphql-transport-ws socket, for what a well-behaved client will not do. */
export function rawSocket(url: string, options: { autoPong?: boolean } = {}): RawSocket {
  const socket = new WebSocket(url, 'graphql-transport-ws', { autoPong: options.autoPong ?? true });
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  // An abrupt close (1009) may surface as an error too; `closed` reports it.
  socket.on('error', () => {});
  const received: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data) => {
    received.push(JSON.parse(String(data)) as Record<string, unknown>);
    for (const wake of waiters.splice(0)) wake();
  });
  const message = (type: string) =>
    within(
      new Promise<Record<string, unknown>>((resolve) => {
        const check = () => {
          const found = received.find((m) => m.type === type);
          if (found) resolve(found);
          else waiters.push(check);
        };
        check();
      }),
      `a ${type} message`,
    );
  return { socket, opened, closed, send: (m) => socket.send(JSON.stringify(m)), message };
}

/** The first error's `extensions.code` of a result or an error list. */
export function codeOf(value: Result | ReadonlyArray<{ extensions?: unknown }> | unknown): unknown {
  const list = Array.isArray(value) ? value : (value as Result | undefined)?.errors;
  return (list?.[0] as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;
}
