import type { IncomingMessage } from 'node:http';
import type { ApolloGateway } from '@apollo/gateway';
import type { ApolloServer } from '@apollo/server';
import {
  appError,
  errors,
  forwardedClientAddress,
  type Logger,
  type ProxyTrust,
  requestIdFrom,
  type SessionRevocations,
  type TokenVerifier,
} from '@ukp/kit';
import {
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLError,
  OperationTypeNode,
  type ValidationRule,
} from 'graphql';
import type { Context, SubscribePayload, ExecutionResult as WsExecutionResult } from 'graphql-ws';
import { type Extra, useServer } from 'graphql-ws/use/ws';
import type { VerifyClientCallbackAsync, WebSocketServer } from 'ws';
import type { GatewayContext } from '../context.js';
import type { SubgraphTransport } from '../execution/plan-executor.js';
import { currentPlanning } from '../execution/planning.js';
import type { PreparedOperations } from '../execution/prepare.js';
import type { OperationLimits } from '../limits/index.js';
import type { RateLimiter } from '../rate-limit/index.js';
import type { TrustedDocuments } from '../trusted-documents/index.js';
import { ClientStream } from './client-stream.js';
import { ClientConnection, WsOperation } from './connection.js';
import { authenticateConnection } from './connection-auth.js';
import { ConnectionCaps, type SocketCaps, type SocketRefusalReason } from './connection-caps.js';
import { subscriptionErrors } from './errors.js';
import { type FederatedDeps, subscribeFederated } from './federated-subscription.js';
import { createResultFormatter } from './format.js';
import { KeepAlive } from './keepalive.js';
import { type SubscriptionLimits, subscriptionSlotError } from './limits.js';
import { OutboxFlusher } from './outbox-flusher.js';
import { UpstreamPool, type UpstreamPoolStats } from './upstream-pool.js';
import { ValidDocuments } from './valid-documents.js';
import { parseOperation, validateOperation } from './validation.js';

export interface SubscriptionServerOptions {
  apollo: ApolloServer<GatewayContext>;
  gateway: ApolloGateway;
  /** The subgraph clients, for the per-event entity fetches of subscriptions. */
  transport: SubgraphTransport;
  /** Prepared operations, shared with the HTTP executor (one cache per gateway). */
  operations: PreparedOperations;
  /** A subgraph's HTTP URL, overrides applied. */
  subgraphUrl(name: string): string | undefined;
  verifier: TokenVerifier;
  /** Sessions that end while their sockets are open: their subscriptions end at once. */
  revocations?: Pick<SessionRevocations, 'onRevoked'> | undefined;
  logger: Logger;
  limits: SubscriptionLimits;
  /** Which proxies may say who the client is: the same rule as HTTP. */
  proxyTrust: ProxyTrust;
  /** Caps on open and new sockets; none when absent. */
  socketCaps?: SocketCaps | undefined;
  /** A socket was refused by a cap (before its upgrade, or at `connection_init` for the user cap). */
  onSocketRefused?: ((reason: SocketRefusalReason) => void) | undefined;
  production: boolean;
  /** Validation rules beyond graphql-js's own, applied to subscriptions as Apollo applies them over HTTP. */
  validationRules?: readonly ValidationRule[] | undefined;
  /** Query limits (gateway/src/limits): checked before parsing, and with the variables once valid. */
  operationLimits?: OperationLimits | undefined;
  /** Which operations may run: the same rules as HTTP, checked before anything is parsed. */
  trustedDocuments: TrustedDocuments;
  /** How long shutdown waits for subscribers to receive their last messages. */
  drainTimeoutMs?: number | undefined;
  /** Charges each subscription; queries and mutations over the socket are charged by Apollo's plugin. */
  rateLimiter?: RateLimiter | undefined;
}

export interface SubscriptionStats {
  /** Client sockets open, acknowledged or not. */
  sockets: number;
  /** Acknowledged client sockets. */
  connections: number;
  /** Client subscriptions accepted and not yet completed. */
  subscriptions: number;
  upstream: UpstreamPoolStats;
}

export interface SubscriptionServer {
  /** For `startServiceServer({ websocket })`: serves graphql-ws on its `/graphql` socket server. */
  attach(wss: WebSocketServer): () => Promise<void>;
  /** Admits or refuses an upgrade by the socket caps, before it completes: for the WebSocket server's options. */
  verifyClient: VerifyClientCallbackAsync<IncomingMessage>;
  stats(): SubscriptionStats;
  /** Ends every active subscription with `error` (then complete); sockets stay open. */
  endAll(error: GraphQLError): void;
}

type WsContext = Context<Record<string, unknown>, Extra>;

const NO_CAPS: SocketCaps = {
  perAddress: Number.POSITIVE_INFINITY,
  perUser: Number.POSITIVE_INFINITY,
  newPerAddressPerMinute: Number.POSITIVE_INFINITY,
  total: Number.POSITIVE_INFINITY,
};

/** graphql-ws has no close code for this; 4429 is its "too many" and clients do not retry it. */
export const TOO_MANY_USER_SOCKETS = 4429;

/**
 * graphql-ws (graphql-transport-ws) on the gateway's `/graphql`. Subscriptions are planned and
 * executed here (see federated-subscription.ts); queries and mutations sent over the socket go
 * through `apollo.executeOperation` with the socket's context, i.e. the same pipeline as HTTP.
 */
export function createSubscriptionServer(options: SubscriptionServerOptions): SubscriptionServer {
  const { logger, limits } = options;
  const pool = new UpstreamPool({ urlOf: options.subgraphUrl, logger, keepAliveMs: limits.keepAliveMs });
  const format = createResultFormatter(logger);
  const connections = new Map<WsContext, ClientConnection>();
  const caps = new ConnectionCaps(options.socketCaps ?? NO_CAPS);
  // The address each upgrade was admitted under, so the socket's operations are charged to it.
  const addresses = new WeakMap<IncomingMessage, string | null>();
  const addressOf = (request: IncomingMessage) =>
    addresses.has(request)
      ? (addresses.get(request) ?? null)
      : forwardedClientAddress(request.headers, request.socket.remoteAddress, options.proxyTrust);
  // Apollo has already formatted (and masked) what executeOperation returns: send it as it is.
  const preformatted = new WeakMap<WsExecutionResult, FormattedExecutionResult>();
  const validDocuments = new ValidDocuments();
  const flusher = new OutboxFlusher();
  const deps: FederatedDeps = {
    planning: () => currentPlanning(options.gateway),
    operations: options.operations,
    pool,
    transport: options.transport,
    logger,
    shared: new Map(),
  };
  let stopping = false;

  async function executeSingle(operation: WsOperation): Promise<ExecutionResult> {
    const response = await options.apollo.executeOperation(
      {
        query: operation.request.source,
        variables: operation.request.variables,
        ...(operation.request.operationName !== undefined
          ? { operationName: operation.request.operationName }
          : {}),
        ...(operation.extensions !== undefined ? { extensions: operation.extensions } : {}),
      },
      { contextValue: operation.request.context },
    );
    const result: ExecutionResult = {};
    preformatted.set(
      result,
      response.body.kind === 'single'
        ? response.body.singleResult
        : {
            errors: format.errors(
              [appError('BAD_REQUEST', '@defer and @stream are not supported over WebSocket.')],
              operation.requestId,
            ),
          },
    );
    return result;
  }

  async function accept(
    ctx: WsContext,
    id: string,
    payload: SubscribePayload,
  ): Promise<ExecutionArgs | readonly GraphQLError[]> {
    const connection = connections.get(ctx);
    if (!connection) return [errors.unauthenticated()];
    if (stopping) return [subscriptionErrors.shuttingDown()];
    const refusal = connection.refusal();
    if (refusal) return [refusal];
    const requestId = connection.nextRequestId();
    const context = connection.contextFor(requestId);
    const trusted = options.trustedDocuments.check(payload.query, payload.extensions ?? undefined, context);
    if (trusted.verdict === 'reject') return [trusted.error];
    const source = trusted.source;
    const schema = options.gateway.schema;
    const operationName = payload.operationName ?? undefined;
    const known = schema ? validDocuments.get(schema, source, operationName) : undefined;
    const parsed = known?.parsed ?? parseOperation(source, operationName, options.operationLimits);
    if (!('document' in parsed)) return parsed;
    if (!schema) return [errors.internal()];
    const isSubscription = parsed.operation.operation === OperationTypeNode.SUBSCRIPTION;
    if (isSubscription) {
      let valid = known;
      if (!valid) {
        const invalid = validateOperation(
          schema,
          parsed.document,
          options.validationRules,
          options.operationLimits,
        );
        if (invalid.length > 0) return invalid;
        valid = validDocuments.add(schema, source, operationName, parsed);
      }
      const variablesJson = JSON.stringify(payload.variables ?? {});
      if (!valid.withinLimitsWith(variablesJson)) {
        const tooLarge =
          options.operationLimits?.checkOperationLimits(
            parsed.document,
            payload.variables ?? {},
            schema,
            operationName,
          ) ?? [];
        if (tooLarge.length > 0) return tooLarge;
        valid.passedLimitsWith(variablesJson);
      }
      if (options.rateLimiter) {
        const decision = await options.rateLimiter.consume(context, {
          document: parsed.document,
          operation: parsed.operation,
          variables: payload.variables ?? {},
        });
        if (!decision.allowed) return [decision.error];
        // The limiter may have gone to Redis: meanwhile the socket may have closed, the server begun
        // stopping, the token expired or the client completed this id (graphql-ws drops that answer).
        if (connections.get(ctx) !== connection) return [errors.unauthenticated()];
        if (stopping) return [subscriptionErrors.shuttingDown()];
        const refusedNow = connection.refusal();
        if (refusedNow) return [refusedNow];
        if (!(id in ctx.subscriptions)) return [appError('BAD_REQUEST', 'Completed before it started.')];
      }
      const full = subscriptionSlotError(connection.activeSubscriptions(), limits);
      if (full) return [full];
    }
    const variables = payload.variables ?? {};
    const operation = new WsOperation(
      id,
      requestId,
      isSubscription,
      {
        document: parsed.document,
        operation: parsed.operation,
        source,
        operationName: payload.operationName ?? undefined,
        variables,
        context,
        logger: context.logger,
      },
      payload.extensions ?? undefined,
      ctx.extra.socket,
      ctx.extra.request.socket,
    );
    connection.operations.set(id, operation);
    return {
      schema,
      document: parsed.document,
      operationName: payload.operationName,
      variableValues: variables,
      contextValue: operation,
    };
  }

  // Refused before the upgrade completes, with an HTTP status: a socket never acknowledged costs
  // no graphql-ws state.
  const verifyClient: VerifyClientCallbackAsync<IncomingMessage> = ({ req }, done) => {
    const address = forwardedClientAddress(req.headers, req.socket.remoteAddress, options.proxyTrust);
    const admitted = caps.admit(address);
    if (typeof admitted !== 'function') {
      options.onSocketRefused?.(admitted.reason);
      logger.info({ address, reason: admitted.reason }, 'websocket refused before upgrade');
      const body = JSON.stringify({
        errors: [
          {
            message: admitted.message,
            extensions: {
              code: 'RATE_LIMITED',
              retryAfterSeconds: admitted.retryAfterSeconds,
              limit: admitted.reason,
            },
          },
        ],
      });
      done(false, admitted.status, body, {
        'Content-Type': 'application/json; charset=utf-8',
        'Retry-After': String(admitted.retryAfterSeconds),
      });
      return;
    }
    addresses.set(req, address);
    // The TCP socket is the WebSocket's: it closes with it, and also when the upgrade fails later.
    req.socket.once('close', admitted);
    done(true);
  };

  function attach(wss: WebSocketServer): () => Promise<void> {
    const server = useServer<Record<string, unknown>>(
      {
        connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
        isProd: options.production,
        onConnect: async (ctx) => {
          const { socket, request } = ctx.extra;
          if (stopping) {
            socket.close(1001, 'Going away');
            return false;
          }
          const requestId = requestIdFrom(request.headers);
          let identity: Awaited<ReturnType<typeof authenticateConnection>>;
          try {
            identity = await authenticateConnection(ctx.connectionParams, options.verifier);
          } catch (error) {
            // graphql-ws answers `false` with 4403 Forbidden.
            logger.info(
              { requestId, reason: error instanceof Error ? error.message : String(error) },
              'websocket refused: invalid token',
            );
            return false;
          }
          // Closed while the token was being verified: there is nothing left to track.
          if (socket.readyState !== socket.OPEN) return false;
          const userId = identity.viewer?.userId;
          if (userId !== undefined && !caps.admitUser(userId)) {
            options.onSocketRefused?.('socketsPerUser');
            logger.info({ requestId, userId }, 'websocket refused: too many sockets for this user');
            socket.close(TOO_MANY_USER_SOCKETS, 'Too many open sockets for this user');
            return false;
          }
          const connection = new ClientConnection(
            requestId,
            identity,
            addressOf(request),
            logger.child({ requestId }),
            (expired) => {
              expired.logger.info('access token expired: ending its subscriptions');
              expired.endSubscriptions(subscriptionErrors.tokenExpired());
            },
          );
          connections.set(ctx, connection);
          return true;
        },
        onSubscribe: (ctx, id, payload) => accept(ctx, id, payload),
        execute: (args) =>
          args.contextValue instanceof WsOperation
            ? executeSingle(args.contextValue)
            : { errors: [errors.internal()] },
        subscribe: (args) => {
          const operation = args.contextValue;
          if (!(operation instanceof WsOperation)) return { errors: [errors.internal()] };
          const stream = subscribeFederated(deps, operation.request, operation.requestId);
          if (stream instanceof ClientStream) {
            operation.queue = stream;
            // Whole frames written beside ws's own: only where no extension (compression) transforms them.
            if (operation.socket.extensions === '') {
              stream.writeTo({
                socket: operation.socket,
                tcp: operation.tcp,
                id: operation.id,
                flusher,
                logger: operation.request.logger,
              });
            }
            if (stopping) operation.endWith(subscriptionErrors.shuttingDown());
          }
          return stream;
        },
        onNext: (ctx, id, _payload, _args, result) =>
          preformatted.get(result) ??
          format.result(result, connections.get(ctx)?.operations.get(id)?.requestId ?? 'unknown'),
        onError: (ctx, id, _payload, list) => {
          const connection = connections.get(ctx);
          return format.errors(
            list,
            connection?.operations.get(id)?.requestId ?? connection?.requestId ?? 'unknown',
          );
        },
        onComplete: (ctx, id) => {
          const connection = connections.get(ctx);
          const operation = connection?.operations.get(id);
          if (!connection || !operation) return;
          connection.operations.delete(id);
          operation.settle();
        },
        onClose: (ctx) => {
          const connection = connections.get(ctx);
          if (!connection) return;
          connection.close();
          connections.delete(ctx);
          // Only acknowledged sockets were counted for their user.
          const userId = connection.identity.viewer?.userId;
          if (userId !== undefined) caps.releaseUser(userId);
        },
      },
      wss,
      // Pings are ours (./keepalive.ts): one timer for every socket, not one per socket and ping.
      0,
    );
    const keepAlive = new KeepAlive(limits.keepAliveMs);
    // graphql-ws reports every socket error with console.error, and an oversized message is one
    // (ws has already closed that socket with 1009): anyone could flood stderr. ws closes the
    // socket on any error itself, so its handler can be swapped for a log line.
    wss.on('connection', (socket) => {
      keepAlive.watch(socket);
      socket.removeAllListeners('error');
      socket.on('error', (error) => logger.info({ err: error }, 'websocket closed on error'));
      // graphql-ws awaits each send and console.errors a failed one, stack and all ("Internal error
      // occurred during message handling"): a client hanging up mid-answer could fill stderr at
      // will. A failed write only means the client is gone, and its close event cleans up.
      // `send` is overloaded (with and without options): the casts below restate its arguments.
      const send = socket.send.bind(socket);
      socket.send = ((data: Parameters<typeof send>[0], ...rest: unknown[]) => {
        const callback = rest.find((arg) => typeof arg === 'function') as
          | ((error?: Error) => void)
          | undefined;
        const options = (rest.find((arg) => typeof arg === 'object' && arg !== null) ?? {}) as Parameters<
          typeof send
        >[1];
        send(data, options, (error?: Error) => {
          if (error) logger.info({ err: error }, 'websocket send failed: the client is gone');
          callback?.();
        });
      }) as typeof socket.send;
    });

    const stopListening = options.revocations?.onRevoked((sessionIds) => {
      for (const connection of connections.values()) {
        if (connection.endIfSessionIn(sessionIds))
          connection.logger.info('session ended: ending its subscriptions');
      }
    });

    return async () => {
      stopListening?.();
      keepAlive.stop();
      stopping = true;
      for (const connection of connections.values())
        connection.endSubscriptions(subscriptionErrors.shuttingDown());
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all([...connections.values()].map((connection) => connection.settled())),
        new Promise((resolve) => {
          timer = setTimeout(resolve, options.drainTimeoutMs ?? 5_000);
        }),
      ]);
      clearTimeout(timer);
      // graphql-ws writes each `complete` right after onComplete returns: let those writes be
      // queued before the close frames, so every subscriber reads error, complete, then 1001.
      await new Promise((resolve) => setImmediate(resolve));
      await pool.close();
      await server.dispose();
    };
  }

  return {
    attach,
    verifyClient,
    endAll: (error) => {
      for (const connection of connections.values()) connection.endSubscriptions(error);
    },
    stats: () => {
      let subscriptions = 0;
      for (const connection of connections.values()) subscriptions += connection.activeSubscriptions();
      return { sockets: caps.sockets, connections: connections.size, subscriptions, upstream: pool.stats() };
    },
  };
}
