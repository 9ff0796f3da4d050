import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ApolloServer, BaseContext } from '@apollo/server';
import type { Logger } from 'pino';
import { type VerifyClientCallbackAsync, WebSocketServer } from 'ws';
import { requestIdFrom } from '../context.js';
import { type ServerSpan, startHttpServerSpan } from '../tracing/spans.js';
import type { Tracing } from '../tracing/tracing.js';
import {
  type ContextFactory,
  HttpError,
  handleGraphqlHttp,
  JSON_CONTENT_TYPE,
  jsonErrorBody,
  sendJsonError,
} from './graphql-http.js';
import { answerThenLinger } from './lingering-close.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;
export type ReadinessCheck = () => Promise<unknown>;

export interface ServiceServerOptions<C extends BaseContext> {
  name: string;
  port: number;
  host?: string;
  logger: Logger;
  apollo: ApolloServer<C>;
  /** Builds a request's context; `span` is its server span when `tracing` is on (its `traceId` goes in the log). */
  context: ContextFactory<C>;
  /**
   * Runs each GraphQL HTTP request in a SERVER span continuing the caller's `traceparent`. Off (or
   * absent): no span and no per-request cost beyond what the request already does.
   */
  tracing?: Tracing | undefined;
  /**
   * Named checks behind `/readyz`: what this instance cannot serve without. Each must resolve
   * within `readinessTimeoutMs`, or `/readyz` answers 503.
   */
  readiness?: Record<string, ReadinessCheck>;
  /**
   * Dependencies with a local fallback (Redis): checked alongside, but a failure only names them
   * in the body's `degraded` list; `/readyz` stays 200, since taking every instance out of a load
   * balancer for what each can serve without would turn a blip into an outage.
   */
  degradable?: Record<string, ReadinessCheck>;
  readinessTimeoutMs?: number;
  /** Runs first on every request (CORS); returns true when it has answered the request itself. */
  before?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Extra GET routes (`/.well-known/jwks.json`, `/metrics`, …). */
  routes?: Record<string, RouteHandler>;
  /** Attaches graphql-ws (or anything else) to the WebSocket server on `/graphql`; returns its disposer. */
  websocket?: (wss: WebSocketServer) => () => Promise<void> | void;
  /**
   * Admits or refuses a WebSocket upgrade before it completes (with an HTTP status), so a socket
   * refused by a cap never costs graphql-ws any state.
   */
  verifyUpgrade?: VerifyClientCallbackAsync<IncomingMessage>;
  maxBodyBytes?: number;
  /** How long stop() waits for in-flight requests before cutting connections. */
  drainTimeoutMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  stop(): Promise<void>;
}

async function runChecks(checks: Record<string, ReadinessCheck>, timeoutMs: number) {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [name, { ok: true }] as const;
      } catch (error) {
        return [name, { ok: false, error: (error as Error).message }] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const results: Record<string, { ok: boolean; error?: string }> = Object.fromEntries(entries);
  return { ok: entries.every(([, r]) => r.ok), checks: results };
}

function sendJson(res: ServerResponse, status: number, value: unknown) {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * One HTTP server per service: GraphQL over HTTP and graphql-ws on `/graphql`, `/healthz`
 * (the process is alive), `/readyz` (its dependencies answer) and any extra routes.
 */
export async function startServiceServer<C extends BaseContext>(
  options: ServiceServerOptions<C>,
): Promise<RunningServer> {
  const { logger } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const tracing = options.tracing;
  let stopping = false;

  // Shed slow clients (slowloris) instead of holding a socket per trickling request forever:
  // headers within 10 s, the whole request within 30 s, checked every second (Node's default
  // check runs only every 30 s, which lets a trickling client hold a socket that long).
  const server = createServer(
    { headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 1_000 },
    async (req, res) => {
      const requestId = requestIdFrom(req.headers);
      res.setHeader('x-request-id', requestId);
      const url = new URL(req.url ?? '/', 'http://localhost');
      try {
        if (options.before?.(req, res)) return;
        if (url.pathname === '/graphql') {
          let span: ServerSpan | undefined;
          if (tracing?.enabled) {
            const started = startHttpServerSpan(tracing, req.method ?? 'GET', url.pathname, req.headers);
            // 499 (as nginx logs it): the client went away before the response was complete.
            res.once('close', () => started.end(res.writableFinished ? res.statusCode : 499));
            span = started;
          }
          await handleGraphqlHttp(
            { apollo: options.apollo, context: options.context, maxBodyBytes },
            req,
            res,
            url,
            requestId,
            span,
          );
          return;
        }
        if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok', service: options.name });
        if (url.pathname === '/readyz') {
          if (stopping) return sendJson(res, 503, { status: 'stopping', service: options.name });
          const timeoutMs = options.readinessTimeoutMs ?? 2000;
          const [required, optional] = await Promise.all([
            runChecks(options.readiness ?? {}, timeoutMs),
            runChecks(options.degradable ?? {}, timeoutMs),
          ]);
          const degraded = Object.entries(optional.checks)
            .filter(([, r]) => !r.ok)
            .map(([name]) => name);
          return sendJson(res, required.ok ? 200 : 503, {
            status: required.ok ? 'ok' : 'unavailable',
            ok: required.ok,
            degraded,
            checks: { ...required.checks, ...optional.checks },
          });
        }
        const route = options.routes?.[url.pathname];
        if (route && (req.method === 'GET' || req.method === 'HEAD')) return await route(req, res);
        sendJsonError(res, 404, 'NOT_FOUND', `No route for ${url.pathname}.`, requestId);
      } catch (error) {
        if (error instanceof HttpError) {
          if (error.status === 413 && !res.headersSent) {
            const body = jsonErrorBody(error.code, error.message, requestId);
            return answerThenLinger(req, res, 413, JSON_CONTENT_TYPE, body);
          }
          return sendJsonError(res, error.status, error.code, error.message, requestId);
        }
        logger.error({ err: error, requestId }, 'request failed');
        sendJsonError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error.', requestId);
      }
    },
  );
  server.keepAliveTimeout = 5_000;

  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  let wss: WebSocketServer | undefined;
  let disposeWebsocket: (() => Promise<void> | void) | undefined;
  if (options.websocket) {
    wss = new WebSocketServer({
      server,
      path: '/graphql',
      maxPayload: maxBodyBytes,
      ...(options.verifyUpgrade ? { verifyClient: options.verifyUpgrade } : {}),
    });
    disposeWebsocket = options.websocket(wss);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}/graphql`;
  logger.debug({ url }, `${options.name} listening`);

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      stopping = true;
      // Stop accepting, let in-flight requests finish, then cut whatever is left.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (wss) {
        await disposeWebsocket?.();
        for (const client of wss.clients) client.close(1001, 'Going away');
        await new Promise<void>((resolve) => wss!.close(() => resolve()));
      }
      const timer = setTimeout(() => {
        logger.warn({ open: sockets.size }, 'drain timeout: closing remaining connections');
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }, options.drainTimeoutMs ?? 10_000);
      const idle = setInterval(() => server.closeIdleConnections(), 100);
      await closed;
      clearTimeout(timer);
      clearInterval(idle);
    })();
    return stopped;
  };

  return { url, port, server, stop };
}
