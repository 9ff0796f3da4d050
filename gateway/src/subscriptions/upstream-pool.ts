import { appError, type Logger } from '@ukp/kit';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { type Client, createClient, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { subscriptionErrors } from './errors.js';

export interface UpstreamRequest {
  subgraph: string;
  /** The client's `Authorization` value; one upstream socket per subgraph per identity. */
  authorization: string | undefined;
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  /** Sent upstream as the socket's `requestId` when this request opens the socket. */
  requestId: string;
}

export type UpstreamPayload = FormattedExecutionResult<Record<string, unknown>, unknown>;

export interface UpstreamSink {
  next(payload: UpstreamPayload): void;
  /** The stream ended with these (client-facing) errors; nothing follows. */
  error(errors: readonly GraphQLError[]): void;
  complete(): void;
}

export interface UpstreamLease {
  /** Leaves the stream; the last one out ends the upstream subscription at once. */
  release(): void;
}

export interface UpstreamPoolStats {
  /** Open (or opening) graphql-ws clients, one per subgraph and identity. */
  connections: number;
  /** Distinct upstream subscriptions. */
  streams: number;
  /** Client subscriptions fed by those streams. */
  subscribers: number;
}

export interface UpstreamPoolOptions {
  /** The subgraph's HTTP GraphQL URL; its WebSocket endpoint is the same URL with ws(s). */
  urlOf(subgraph: string): string | undefined;
  logger: Logger;
  /** graphql-ws ping interval upstream; a missing pong by the next ping drops the socket. 0 disables. */
  keepAliveMs?: number;
  /** How long a subgraph may take to acknowledge `connection_init`. */
  ackTimeoutMs?: number;
}

interface Connection {
  key: string;
  subgraph: string;
  client: Client;
  streams: number;
  stopKeepAlive: () => void;
}

interface Stream {
  key: string;
  connection: Connection;
  subscribers: Set<UpstreamSink>;
  ended: boolean;
  unsubscribe: () => void;
}

/**
 * Upstream graphql-ws subscriptions, shared: one client per subgraph per identity (ref-counted by
 * its streams, disposed when the last one ends) and one stream per identical subscription (same
 * subgraph, identity, query and variables) fanned out to every client subscriber.
 */
export class UpstreamPool {
  private readonly connections = new Map<string, Connection>();
  private readonly streams = new Map<string, Stream>();
  private closed = false;

  constructor(private readonly options: UpstreamPoolOptions) {}

  subscribe(request: UpstreamRequest, sink: UpstreamSink): UpstreamLease {
    const url = this.options.urlOf(request.subgraph);
    if (this.closed || !url) {
      sink.error([
        this.closed
          ? subscriptionErrors.shuttingDown()
          : subscriptionErrors.subgraphUnavailable(request.subgraph),
      ]);
      return { release: () => {} };
    }
    const identity = request.authorization ?? 'anonymous';
    const key = JSON.stringify([
      request.subgraph,
      identity,
      request.operationName ?? null,
      request.query,
      canonical(request.variables),
    ]);
    let stream = this.streams.get(key);
    if (stream) {
      this.options.logger.debug(
        { requestId: request.requestId, subgraph: request.subgraph },
        'joined stream',
      );
    } else {
      stream = this.open(key, url, request);
    }
    stream.subscribers.add(sink);
    const joined = stream;
    return {
      release: () => {
        if (!joined.subscribers.delete(sink) || joined.subscribers.size > 0) return;
        this.end(joined, { unsubscribe: true });
      },
    };
  }

  stats(): UpstreamPoolStats {
    let subscribers = 0;
    for (const stream of this.streams.values()) subscribers += stream.subscribers.size;
    return { connections: this.connections.size, streams: this.streams.size, subscribers };
  }

  /** Ends every stream with SHUTTING_DOWN and closes every upstream socket. */
  async close(): Promise<void> {
    this.closed = true;
    for (const stream of [...this.streams.values()]) {
      this.end(stream, { unsubscribe: true, errors: [subscriptionErrors.shuttingDown()] });
    }
    await Promise.all([...this.connections.values()].map((connection) => this.dispose(connection)));
  }

  private open(key: string, url: string, request: UpstreamRequest): Stream {
    const connection = this.connection(url, request);
    connection.streams += 1;
    const stream: Stream = {
      key,
      connection,
      subscribers: new Set(),
      ended: false,
      unsubscribe: () => {},
    };
    this.streams.set(key, stream);
    stream.unsubscribe = connection.client.subscribe(
      {
        query: request.query,
        operationName: request.operationName ?? null,
        variables: request.variables,
      },
      {
        next: (payload) => {
          // Copy: a sink that ends its own subscription must not skip its neighbours.
          for (const sink of [...stream.subscribers]) sink.next(payload);
        },
        error: (error) => this.end(stream, { errors: this.upstreamErrors(connection.subgraph, error) }),
        complete: () => this.end(stream, {}),
      },
    );
    return stream;
  }

  private connection(url: string, request: UpstreamRequest): Connection {
    const identity = request.authorization ?? 'anonymous';
    const key = JSON.stringify([request.subgraph, identity]);
    const existing = this.connections.get(key);
    if (existing) return existing;
    const client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: {
        requestId: request.requestId,
        ...(request.authorization ? { authorization: request.authorization } : {}),
      },
      // Reconnecting is the client's job: it may need a fresh token, and a retry here would
      // replay events to nobody. Failures end the affected subscriptions with an error instead.
      retryAttempts: 0,
      lazy: true,
      lazyCloseTimeout: 0,
      connectionAckWaitTimeout: this.options.ackTimeoutMs ?? 10_000,
      keepAlive: this.options.keepAliveMs ?? 0,
    });
    const connection: Connection = {
      key,
      subgraph: request.subgraph,
      client,
      streams: 0,
      stopKeepAlive: watchPongs(client, this.options.keepAliveMs ?? 0),
    };
    this.connections.set(key, connection);
    this.options.logger.debug(
      { requestId: request.requestId, subgraph: request.subgraph },
      'upstream opened',
    );
    return connection;
  }

  private end(stream: Stream, how: { unsubscribe?: boolean; errors?: readonly GraphQLError[] }): void {
    if (stream.ended) return;
    stream.ended = true;
    this.streams.delete(stream.key);
    // After an upstream error or complete the graphql-ws client has already released it.
    if (how.unsubscribe) stream.unsubscribe();
    const sinks = [...stream.subscribers];
    stream.subscribers.clear();
    const connection = stream.connection;
    connection.streams -= 1;
    if (connection.streams === 0) void this.dispose(connection);
    for (const sink of sinks) {
      if (how.errors) sink.error(how.errors);
      else sink.complete();
    }
  }

  private async dispose(connection: Connection): Promise<void> {
    if (this.connections.get(connection.key) === connection) this.connections.delete(connection.key);
    connection.stopKeepAlive();
    try {
      await connection.client.dispose();
    } catch {
      // A socket that never connected rejects here; there is nothing left to close.
    }
  }

  private upstreamErrors(subgraph: string, error: unknown): readonly GraphQLError[] {
    if (Array.isArray(error) && error.length > 0) {
      // An `error` message: the subgraph refused the operation (validation, authorisation).
      return error.map(
        (e: GraphQLFormattedError) => new GraphQLError(e.message, { extensions: e.extensions }),
      );
    }
    // graphql-ws reports a close as its CloseEvent (with `code`), anything else as it came.
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 4403) {
      return [appError('UNAUTHENTICATED', `The ${subgraph} service refused the credentials.`)];
    }
    this.options.logger.warn({ subgraph, err: error, closeCode: code }, 'upstream subscription failed');
    return [subscriptionErrors.subgraphUnavailable(subgraph)];
  }
}

/**
 * graphql-ws sends its next ping only once a pong arrives, so nothing notices a link that died
 * quietly (a host gone, a partition): a ping unanswered for `keepAliveMs` terminates the socket,
 * which fails its streams with SUBGRAPH_UNAVAILABLE.
 */
function watchPongs(client: Client, keepAliveMs: number): () => void {
  if (keepAliveMs <= 0) return () => {};
  let timer: NodeJS.Timeout | undefined;
  const offPing = client.on('ping', (received) => {
    if (received) return;
    clearTimeout(timer);
    timer = setTimeout(() => client.terminate(), keepAliveMs);
    timer.unref();
  });
  const offPong = client.on('pong', (received) => {
    if (received) clearTimeout(timer);
  });
  const offClosed = client.on('closed', () => clearTimeout(timer));
  return () => {
    clearTimeout(timer);
    offPing();
    offPong();
    offClosed();
  };
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` share a stream. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
