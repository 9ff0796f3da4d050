import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import {
  clientIp,
  createErrorFormatter,
  createLogger,
  createTokenVerifier,
  type Logger,
  Resources,
  requestIdPlugin,
  startServiceServer,
  tokenConfigFromEnv,
  viewerFromAuthorization,
} from '@ukp/kit';
import type { ValidationRule } from 'graphql';
import type { GatewayContext } from './context.js';
import type { GatewayEnv } from './env.js';
import { corsHeaders } from './plugins/cors.js';
import { ForwardingDataSource } from './plugins/subgraph-source.js';
import { subscriptionsOverHttpPlugin } from './plugins/subscriptions-over-http.js';
import { checkSubgraph } from './readiness.js';
import { createSubscriptionServer, type SubscriptionStats } from './subscriptions/index.js';
import { loadSupergraph } from './supergraph.js';

export interface GatewayOptions {
  env: GatewayEnv;
  logger?: Logger;
  /** Port to listen on; defaults to PORT (tests pass 0). */
  port?: number;
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
    const verifier = await createTokenVerifier(tokenConfigFromEnv(env));

    // Kept so subscriptions run their per-event entity fetches through the very same sources.
    const dataSources = new Map<string, ForwardingDataSource>();
    const gateway = new ApolloGateway({
      supergraphSdl: supergraph.sdl,
      buildService: ({ name, url }) => {
        const source = new ForwardingDataSource(name, urls.get(name) ?? url ?? '');
        dataSources.set(name, source);
        return source;
      },
      logger,
    });

    // Validation rules beyond graphql-js's own bind both transports: Apollo applies them over HTTP
    // and to operations sent over the socket, the subscription server to subscriptions.
    const validationRules: ValidationRule[] = [];
    const apollo = new ApolloServer<GatewayContext>({
      gateway,
      validationRules,
      formatError: createErrorFormatter(logger),
      includeStacktraceInErrorResponses: false,
      introspection: !production,
      csrfPrevention: true,
      allowBatchedHttpRequests: false,
      plugins: [
        requestIdPlugin<GatewayContext>(),
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
      dataSources: () => Object.fromEntries(dataSources),
      subgraphUrl: (name) => urls.get(name),
      verifier,
      logger,
      limits: {
        maxPerConnection: env.SUBSCRIPTIONS_MAX_PER_CONNECTION,
        connectionInitTimeoutMs: env.WS_CONNECTION_INIT_TIMEOUT_MS,
        keepAliveMs: env.WS_KEEPALIVE_MS,
      },
      trustProxy: env.TRUST_PROXY,
      production,
      validationRules,
    });

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
      before: (req, res) => corsHeaders(req, res, allowedOrigins),
      websocket: subscriptions.attach,
      context: async (req, requestId) => {
        const authorization =
          typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined;
        const traceparent = typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined;
        return {
          requestId,
          viewer: await viewerFromAuthorization(authorization, verifier),
          ip: clientIp(req.headers, req.socket.remoteAddress, env.TRUST_PROXY),
          logger: logger.child({ requestId }),
          authorization,
          traceparent,
        };
      },
      readiness: Object.fromEntries(
        supergraph.subgraphs.map((s) => [`subgraph:${s.name}`, () => checkSubgraph(s.url, 1500)]),
      ),
    });
    resources.add('http server', () => server.stop());
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
