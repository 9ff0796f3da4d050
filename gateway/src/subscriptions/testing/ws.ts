import { type SubscriptionResult, within } from '@ukp/kit/testing';
import WebSocket from 'ws';

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
export function codeOf(
  value: SubscriptionResult | ReadonlyArray<{ extensions?: unknown }> | unknown,
): unknown {
  const list = Array.isArray(value) ? value : (value as SubscriptionResult | undefined)?.errors;
  return (list?.[0] as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;
}
