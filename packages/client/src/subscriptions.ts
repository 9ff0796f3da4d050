import { type Client, createClient as createWsClient } from 'graphql-ws';
import type { OperationPayload } from './document.js';
import { type GraphQLErrorBody, UkpError } from './errors.js';
import type { Session } from './session.js';

export interface SocketOptions {
  url: string;
  /** A WebSocket class: browsers have one; Node 20 does not, pass `ws`'s. */
  webSocketImpl?: unknown;
  /** graphql-ws reconnection attempts after a dropped socket (its default: 5). */
  retryAttempts?: number;
  events?: SocketEvents;
}

export interface SocketEvents {
  connected?: () => void;
  closed?: () => void;
}

// graphql-ws closes the socket with this when the gateway refuses the connection's token.
const FORBIDDEN_CLOSE = 4403;

/**
 * One graphql-ws connection for all of a client's subscriptions, opened with the token current at
 * connection time. A refreshed token needs a new connection (the gateway reads the token once, in
 * `connection_init`): `renew` drops the one that was opened with the refused token.
 */
export interface Connection {
  client: Client;
  /** The access token the connection was opened with; undefined until it is (or anonymous). */
  token: string | undefined;
}

export class Sockets {
  #current: Connection | undefined;

  constructor(
    private readonly options: SocketOptions,
    private readonly session: Session,
  ) {}

  get(): Connection {
    if (this.#current) return this.#current;
    const entry: Connection = { client: undefined as never, token: undefined };
    entry.client = createWsClient({
      url: this.options.url,
      ...(this.options.webSocketImpl ? { webSocketImpl: this.options.webSocketImpl } : {}),
      ...(this.options.retryAttempts === undefined ? {} : { retryAttempts: this.options.retryAttempts }),
      ...(this.options.events ? { on: { ...this.options.events } } : {}),
      connectionParams: async () => {
        entry.token = await this.session.accessToken();
        return entry.token ? { authorization: `Bearer ${entry.token}` } : {};
      },
    });
    this.#current = entry;
    return entry;
  }

  /** Drops the connection if it was opened with `rejected`; the next subscription opens another. */
  renew(rejected: string | undefined): void {
    const current = this.#current;
    if (!current || current.token !== rejected) return;
    this.#current = undefined;
    void current.client.dispose();
  }

  async dispose(): Promise<void> {
    const current = this.#current;
    this.#current = undefined;
    await current?.client.dispose();
  }
}

type Result = { data?: unknown; errors?: readonly GraphQLErrorBody[] };

/**
 * A subscription as an async iterator of `data`. Errors end it by throwing a `UkpError`. An
 * expired token (`UNAUTHENTICATED`, or the socket refused with 4403) is refreshed once and the
 * subscription opened again on a new connection; events published in between are not replayed.
 * Explicit `next`/`return` rather than an async generator, so that `break` unsubscribes at once.
 */
export function subscription<T>(
  sockets: Sockets,
  session: Session,
  payload: OperationPayload,
): AsyncIterableIterator<T> {
  let retried = false;
  let done = false;
  let connection: Connection | undefined;
  let inner: AsyncIterableIterator<Result> | undefined;

  const open = (): AsyncIterableIterator<Result> => {
    connection = sockets.get();
    return connection.client.iterate<unknown>({
      query: payload.query ?? '',
      variables: payload.variables,
      ...(payload.operationName ? { operationName: payload.operationName } : {}),
      ...(payload.documentId ? { extensions: { documentId: payload.documentId } } : {}),
    }) as AsyncIterableIterator<Result>;
  };

  async function finish(): Promise<IteratorResult<T>> {
    done = true;
    await inner?.return?.();
    return { done: true, value: undefined };
  }

  async function next(): Promise<IteratorResult<T>> {
    if (done) return { done: true, value: undefined };
    inner ??= open();
    let error: UkpError;
    try {
      const step = await inner.next();
      if (step.done) return finish();
      if (!step.value.errors?.length) return { done: false, value: step.value.data as T };
      error = UkpError.fromErrors(step.value.errors, {
        operationName: payload.operationName,
        data: step.value.data,
      });
    } catch (thrown) {
      error = toUkpError(thrown, payload.operationName);
    }
    const rejected = connection?.token;
    if (error.code === 'UNAUTHENTICATED' && !retried && rejected !== undefined && session.canRefresh()) {
      retried = true;
      await inner.return?.();
      try {
        await session.refresh(rejected);
      } catch (refreshError) {
        done = true;
        throw refreshError;
      }
      sockets.renew(rejected);
      inner = open();
      return next();
    }
    await finish();
    throw error;
  }

  return {
    next,
    return: finish,
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** What graphql-ws rejects with: the operation's errors, a CloseEvent, or an Error. */
function toUkpError(thrown: unknown, operationName: string | undefined): UkpError {
  if (Array.isArray(thrown)) return UkpError.fromErrors(thrown as GraphQLErrorBody[], { operationName });
  const close = thrown as { code?: unknown; reason?: unknown };
  if (typeof close?.code === 'number') {
    const reason = typeof close.reason === 'string' && close.reason ? close.reason : 'no reason given';
    if (close.code === FORBIDDEN_CLOSE) {
      return new UkpError('UNAUTHENTICATED', `The socket was refused: ${reason}.`, { operationName });
    }
    return UkpError.network(`The socket closed with ${close.code}: ${reason}.`, {
      operationName,
      cause: thrown,
    });
  }
  return UkpError.network(thrown instanceof Error ? thrown.message : String(thrown), {
    operationName,
    cause: thrown,
  });
}
