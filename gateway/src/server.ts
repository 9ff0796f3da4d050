import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import {
  clientAddressSecret,
  createClientAddressSigner,
  createErrorFormatter,
  createLogger,
  createRedis,
  createTokenVerifier,
  type EventBus,
  eventBusFromEnv,
  forwardedClientAddress,
  type Logger,
  onRedisReconnect,
  proxyTrustFromEnv,
  type Redis,
  Resources,
  redisIsUp,
  requestIdPlugin,
  requestLogger,
  SessionRevocations,
  startServiceServer,
  type TracingOverrides,
  tokenConfigFromEnv,
  tracingFromEnv,
  viewerFromAuthorization,
  withSessionRevocations,
} from '@ukp/kit';
import type { ValidationRule } from 'graphql';
import { persistedQueries } from './apq/index.js';
import type { GatewayContext } from './context.js';
import { dashboardRoutes } from './dashboard/index.js';
import { disableVendorTelemetry, type GatewayEnv } from './env.js';
import type { SubgraphTransport } from './execution/plan-executor.js';
import { PreparedOperations } from './execution/prepare.js';
import { withPlanExecutor } from './execution/query-executor.js';
import { SubgraphClient } from './execution/subgraph-client.js';
import { ForwardingDataSource } from './execution/subgraph-source.js';
import { corsHeaders } from './http/cors.js';
import { createOperationLimits, limitsFromEnv } from './limits/index.js';
import { createObservability, startSubscriptionGauge } from './observability/index.js';
import { rateLimitPlugin, startRateLimiter } from './rate-limit/index.js';
import { checkSubgraph } from './readiness.js';
import { SubgraphPolicy } from './resilience/subgraph-policy.js';
import {
  FallbackResponseStore,
  invalidateOnDocumentChanges,
  MemoryResponseStore,
  RedisResponseStore,
  responseCachePlugin,
} from './response-cache/index.js';
import { responsesNamespace } from './response-cache/policy.js';
import { subscriptionErrors } from './subscriptions/errors.js';
import { createSubscriptionServer, type SubscriptionStats } from './subscriptions/index.js';
import { subscriptionsOverHttpPlugin } from './subscriptions/over-http.js';
import { loadSupergraph, subgraphsOf } from './supergraph.js';
import { watchSupergraph } from './supergraph-watch.js';
import { createTrustedDocuments, loadManifest, trustedDocumentsPlugin } from './trusted-documents/index.js';

export interface GatewayOptions {
  env: GatewayEnv;
  logger?: Logger;
  /** Port to listen on; defaults to PORT (tests pass 0). */
  port?: number;
  /** A bus to share (the platform's); otherwise the gateway opens its own from REDIS_URL. */
  bus?: EventBus;
  /** Span processors (tests: in-memory exporters) and the service name, besides the OTEL_* env. */
  tracing?: TracingOverrides;
}

export interface RunningGateway {
  url: string;
  port: number;
  subgraphs: Array<{ name: string; url: string }>;
  /** Live WebSocket counts: client sockets and subscriptions, upstream sockets and streams. */
  subscriptionStats(): SubscriptionStats;
  stop(): Promise<void>;
}

/** Composition root: env → supergraph → token verifier → Apollo gateway + server → HTTP + WS. */
export async function createGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { env } = options;
  const production = env.NODE_ENV === 'production';
  const logger =
    options.logger ??
    createLogger({ service: 'gateway', level: env.LOG_LEVEL, format: env.LOG_FORMAT ?? 'json' });
  const resources = new Resources(logger);
  try {
    const supergraph = loadSupergraph(env.SUPERGRAPH_PATH, env.subgraphUrlOverrides);
    const urls = new Map(supergraph.subgraphs.map((s) => [s.name, s.url]));
    const tokenConfig = tokenConfigFromEnv(env);
    const trustedDocuments = createTrustedDocuments({
      mode: env.TRUSTED_DOCUMENTS,
      manifest: loadManifest(env.TRUSTED_DOCUMENTS_PATH),
    });
    if (production && env.TRUSTED_DOCUMENTS !== 'enforce') {
      logger.warn(
        { mode: env.TRUSTED_DOCUMENTS },
        'trusted documents are not enforced: any operation may run',
      );
    }
    if (production && env.METRICS_ENABLED && !env.METRICS_TOKEN) {
      logger.warn('METRICS_TOKEN is not set: /metrics is not served in production');
    }
    const redis = env.REDIS_URL
      ? await createRedis({
          url: env.REDIS_URL,
          logger,
          name: 'gateway',
          commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
        })
      : undefined;
    if (redis)
      resources.add('redis', async () => {
        await redis.quit();
      });

    const bus = await resources.provide(
      'event bus',
      options.bus,
      () => eventBusFromEnv(env, logger, 'gateway'),
      (b) => b.close(),
    );
    // Tokens of sessions that ended early (sign-out, deactivation, …) stop here, at the edge.
    const revocations = await SessionRevocations.start({
      bus,
      ttlSeconds: tokenConfig.ttlSeconds,
      redis,
      keyPrefix: env.REDIS_KEY_PREFIX,
      logger,
    });
    resources.add('session revocations', () => revocations.stop());
    const verifier = withSessionRevocations(await createTokenVerifier(tokenConfig), revocations);
    const tracing = tracingFromEnv(env, 'gateway', options.tracing);
    resources.add('tracing', () => tracing.shutdown());
    const observability = createObservability(env, { logger, bus, tracing, verifier });
    // Who the client is: the socket, or what the trusted proxies in front of us say (TRUST_PROXY_HOPS,
    // TRUSTED_PROXY_CIDRS). Subgraphs learn it only from us, signed (x-ukp-client-address).
    const proxyTrust = proxyTrustFromEnv(env);
    if (env.TRUST_PROXY && env.TRUST_PROXY_HOPS === undefined)
      logger.warn('TRUST_PROXY is deprecated: it means TRUST_PROXY_HOPS=1; set that instead');
    const addressSecret = clientAddressSecret(env);
    const addressSigner = addressSecret ? createClientAddressSigner(addressSecret) : undefined;
    if (!addressSigner)
      logger.warn('no CLIENT_ADDRESS_SECRET or JWT_SECRET: subgraphs see the gateway as every client');
    const rateLimit = await startRateLimiter(env, { logger, onRejected: observability.metrics.rateLimited });
    if (rateLimit) resources.add('rate limiter', () => rateLimit.close());
    const memoryStore = () =>
      new MemoryResponseStore({
        maxBytes: env.RESPONSE_CACHE_MAX_BYTES,
        maxEntryBytes: env.RESPONSE_CACHE_MAX_ENTRY_BYTES,
      });
    const responseStore = env.RESPONSE_CACHE_ENABLED
      ? redis
        ? new FallbackResponseStore(
            redis,
            new RedisResponseStore(redis, env.REDIS_KEY_PREFIX, env.RESPONSE_CACHE_MAX_ENTRY_BYTES),
            memoryStore(),
          )
        : memoryStore()
      : undefined;
    if (responseStore) {
      const stopInvalidation = await invalidateOnDocumentChanges(bus, responseStore, logger);
      resources.add('response cache invalidation', stopInvalidation);
      // Invalidations of the outage never reached Redis's generation: what it holds may be stale.
      if (redis)
        resources.add(
          'response cache catch-up',
          onRedisReconnect(redis, () => {
            responseStore.bump(responsesNamespace).catch((error: unknown) => {
              logger.warn({ err: error }, 'could not invalidate the response cache after a Redis outage');
            });
          }),
        );
    }
    // Every Redis connection of this instance: each has a local fallback, so none decides readiness.
    const redisClients = [redis, rateLimit?.redis].filter((c): c is Redis => c !== undefined);

    // One client per subgraph (keep-alive pool, retry policy, circuit breaker) for every fetch
    // the plan executor sends (HTTP operations and subscription events); replaced when a reload
    // moves a subgraph.
    const clients = new Map<string, SubgraphClient>();
    resources.add('subgraph clients', async () => {
      await Promise.all([...clients.values()].map((c) => c.close()));
    });
    const transport: SubgraphTransport = {
      batching: env.GATEWAY_ENTITY_BATCHING,
      maxResponseBytes: env.GATEWAY_MAX_RESPONSE_BYTES,
      call: (subgraph, call, context) => {
        const client = clients.get(subgraph);
        if (!client) return Promise.reject(new Error(`no subgraph named ${subgraph} in the supergraph`));
        return client.call(call, context);
      },
    };
    disableVendorTelemetry();
    const gateway = new ApolloGateway({
      // A function, not a string: the gateway then accepts `update()` when the file changes, and
      // swaps schemas without dropping in-flight requests (they finish on the old one).
      supergraphSdl: async ({ update }) => {
        const watcher = watchSupergraph(
          env.SUPERGRAPH_PATH,
          supergraph.sdl,
          (next) => {
            try {
              for (const s of subgraphsOf(next)) urls.set(s.name, env.subgraphUrlOverrides[s.name] ?? s.url);
              update(next);
              logger.info({ path: env.SUPERGRAPH_PATH }, 'supergraph reloaded');
            } catch (error) {
              logger.error({ err: error }, 'new supergraph rejected; keeping the running one');
            }
          },
          logger,
        );
        return { supergraphSdl: supergraph.sdl, cleanup: async () => watcher.close() };
      },
      buildService: ({ name, url }) => {
        const client = new SubgraphClient(name, urls.get(name) ?? url ?? '', {
          onFetch: observability.metrics.subgraphFetch,
          timeoutMs: env.SUBGRAPH_TIMEOUT_MS,
          connections: env.SUBGRAPH_MAX_CONNECTIONS,
          addressSigner,
          maxResponseBytes: env.GATEWAY_MAX_SUBGRAPH_RESPONSE_BYTES,
          policy: new SubgraphPolicy(
            name,
            {
              attempts: env.SUBGRAPH_RETRY_ATTEMPTS,
              breakerThreshold: env.SUBGRAPH_BREAKER_THRESHOLD,
              halfOpenAfterMs: env.SUBGRAPH_BREAKER_HALF_OPEN_MS,
            },
            logger,
          ),
        });
        const previous = clients.get(name);
        clients.set(name, client);
        // In-flight requests on the old client finish before its connections close.
        if (previous && previous !== client) void previous.close().catch(() => {});
        return new ForwardingDataSource(client);
      },
      logger,
    });

    // Validation rules beyond graphql-js's own bind both transports: Apollo applies them over HTTP
    // and to operations sent over the socket, the subscription server to subscriptions.
    // The query limits are among them; the token limit also needs Apollo's parser options.
    const limits = createOperationLimits(limitsFromEnv(env), {
      production,
      onRejected: observability.metrics.limitRejected,
    });
    const validationRules: ValidationRule[] = [...limits.validationRules];
    // Plans and compiled shapers, one cache for HTTP and subscriptions; a reload empties it.
    const operations = new PreparedOperations();
    const apollo = new ApolloServer<GatewayContext>({
      gateway: withPlanExecutor(gateway, { transport, operations }),
      validationRules,
      parseOptions: limits.parseOptions,
      formatError: createErrorFormatter(logger),
      includeStacktraceInErrorResponses: false,
      introspection: !production,
      csrfPrevention: true,
      allowBatchedHttpRequests: false,
      persistedQueries: persistedQueries({
        redis,
        keyPrefix: env.REDIS_KEY_PREFIX,
        ttlSeconds: env.APQ_TTL_SECONDS,
      }),
      plugins: [
        // First: a rejected operation must get its error, not a later plugin's.
        trustedDocumentsPlugin(trustedDocuments),
        // Before the plugins that read error codes: it gives limit errors theirs.
        limits.plugin,
        observability.requests.plugin<GatewayContext>(),
        ...(rateLimit ? [rateLimitPlugin(rateLimit.limiter)] : []),
        requestIdPlugin<GatewayContext>(),
        // After the plugins that refuse operations: a cached answer must not bypass them.
        ...(responseStore
          ? [
              responseCachePlugin({
                store: responseStore,
                dedupInflight: env.GATEWAY_DEDUP_INFLIGHT,
                logger,
                onHit: () => observability.metrics.cacheHit('response'),
                onMiss: () => observability.metrics.cacheMiss('response'),
              }),
            ]
          : []),
        subscriptionsOverHttpPlugin(),
        production
          ? ApolloServerPluginLandingPageDisabled()
          : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
      ],
    });
    await apollo.start();
    resources.add('apollo', () => apollo.stop());

    const subscriptions = createSubscriptionServer({
      apollo,
      gateway,
      transport,
      operations,
      subgraphUrl: (name) => urls.get(name),
      verifier,
      revocations,
      logger,
      limits: {
        maxPerConnection: env.SUBSCRIPTIONS_MAX_PER_CONNECTION,
        connectionInitTimeoutMs: env.WS_CONNECTION_INIT_TIMEOUT_MS,
        keepAliveMs: env.WS_KEEPALIVE_MS,
      },
      proxyTrust,
      socketCaps: {
        perAddress: env.WS_MAX_SOCKETS_PER_ADDRESS,
        perUser: env.WS_MAX_SOCKETS_PER_USER,
        newPerAddressPerMinute: env.WS_MAX_NEW_SOCKETS_PER_ADDRESS_PER_MINUTE,
        total: env.WS_MAX_SOCKETS,
      },
      onSocketRefused: observability.metrics.wsRefused,
      production,
      validationRules,
      operationLimits: limits,
      trustedDocuments,
      rateLimiter: rateLimit?.limiter,
    });
    // A new supergraph may change what a running subscription means: end them with a clear code
    // (clients resubscribe against the new schema).
    let runningSdl = supergraph.sdl;
    const unsubscribeSchema = gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
      if (coreSupergraphSdl === runningSdl) return;
      runningSdl = coreSupergraphSdl;
      subscriptions.endAll(subscriptionErrors.schemaReloaded());
    });
    resources.add('schema listener', () => unsubscribeSchema());

    const allowedOrigins = new Set(
      env.CORS_ORIGINS.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );

    const server = await startServiceServer<GatewayContext>({
      name: 'gateway',
      port: options.port ?? env.PORT,
      host: env.HOST,
      logger,
      apollo,
      before: (req, res) => {
        // Every answer is JSON (or, in development, the Sandbox page): never to be sniffed as another type.
        res.setHeader('x-content-type-options', 'nosniff');
        observability.requests.observeHttp(req, res);
        return corsHeaders(req, res, allowedOrigins);
      },
      // Metrics describe the traffic (operations, subgraphs, error codes): a production gateway
      // serves them only behind METRICS_TOKEN, never to whoever asks.
      routes: {
        ...dashboardRoutes(),
        ...(production && !env.METRICS_TOKEN ? {} : observability.routes),
      },
      websocket: subscriptions.attach,
      verifyUpgrade: subscriptions.verifyClient,
      context: observability.requests.context(async (req, requestId) => {
        const authorization =
          typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined;
        const trace = observability.requests.traceOf(req);
        return {
          requestId,
          viewer: await viewerFromAuthorization(authorization, verifier),
          ip: forwardedClientAddress(req.headers, req.socket.remoteAddress, proxyTrust),
          logger: requestLogger(logger, requestId, trace?.traceId),
          authorization,
          trace,
        };
      }),
      // Only the subgraphs: without one its fields cannot be answered. Redis has a local
      // fallback for every use, so its absence is reported as degraded, never as not ready.
      readiness: Object.fromEntries(
        supergraph.subgraphs.map((s) => [`subgraph:${s.name}`, () => checkSubgraph(s.url, 1500)]),
      ),
      ...(redisClients.length > 0 || bus.kind === 'redis'
        ? {
            degradable: {
              redis: async () => {
                await Promise.all([
                  ...redisClients.map((c) => c.ping()),
                  bus.kind === 'redis' ? bus.ping() : null,
                ]);
              },
            },
          }
        : {}),
    });
    resources.add('http server', () => server.stop());
    observability.metrics.watch({
      http: server.server,
      subscriptions: subscriptions.stats,
      ...(redisClients.length > 0 ? { dependencies: { redis: () => redisClients.every(redisIsUp) } } : {}),
    });
    // For analytics' active_subscriptions; stopped before the bus closes (resources close in reverse).
    resources.add(
      'subscription gauge',
      startSubscriptionGauge({ bus, active: () => subscriptions.stats().subscriptions, logger }),
    );
    logger.info({ url: server.url, subgraphs: supergraph.subgraphs.map((s) => s.name) }, 'gateway ready');
    return {
      url: server.url,
      port: server.port,
      subgraphs: supergraph.subgraphs,
      subscriptionStats: subscriptions.stats,
      stop: () => resources.closeAll(),
    };
  } catch (error) {
    await resources.closeAll();
    throw error;
  }
}
