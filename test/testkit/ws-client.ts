import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

/** A graphql-ws client to a gateway, as a browser app would open it (no retries in tests). */
export function wsClient(httpUrl: string, token?: string): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
  });
}

export interface Subscription<T> {
  /** The next event, or a rejection after `timeoutMs`. */
  next(timeoutMs?: number): Promise<T>;
  /** Events received and not yet taken. */
  pending(): number;
  close(): Promise<void>;
}

/** Subscribes with a typed document and queues what arrives, so a test can await events one by one. */
export function subscribe<T, V extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentNode<T, V>,
  variables: V,
): Subscription<{
  data?: T | null;
  errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
}> {
  type Event = {
    data?: T | null;
    errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
  };
  const queue: Event[] = [];
  const waiters: Array<(event: Event) => void> = [];
  let ended: Error | null = null;
  const dispose = client.subscribe<T>(
    { query: print(document), variables },
    {
      next: (value) => {
        const event = value as Event;
        const waiter = waiters.shift();
        if (waiter) waiter(event);
        else queue.push(event);
      },
      error: (error) => {
        ended = error instanceof Error ? error : new Error(JSON.stringify(error));
      },
      complete: () => {
        ended ??= new Error('subscription completed');
      },
    },
  );
  return {
    next(timeoutMs = 10_000) {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      if (ended) return Promise.reject(ended);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const index = waiters.indexOf(waiter);
          if (index >= 0) waiters.splice(index, 1);
          reject(new Error(`no event within ${timeoutMs} ms${ended ? ` (${ended.message})` : ''}`));
        }, timeoutMs);
        const waiter = (event: Event) => {
          clearTimeout(timer);
          resolve(event);
        };
        waiters.push(waiter);
      });
    },
    pending: () => queue.length,
    async close() {
      dispose();
    },
  };
}
