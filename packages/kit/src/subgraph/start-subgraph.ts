import type { DocumentNode } from 'graphql';
import type { RequestContext } from '../context.js';
import { startSubgraphApollo } from '../graphql/subgraph-apollo.js';
import { Resources } from '../resources.js';
import { attachGraphqlWs } from '../server/graphql-ws.js';
import { type RouteHandler, startServiceServer } from '../server/service-server.js';
import type { IRules } from '../shield.js';
import { type TracingOverrides, tracingFromEnv } from '../tracing/tracing.js';
import {
  type InfrastructureOptions,
  openInfrastructure,
  type SubgraphInfrastructure,
  subgraphLogger,
} from './infrastructure.js';
import { metricsRoute } from './metrics.js';
import { baseContexts } from './request-context.js';
import { buildShieldedSubgraphSchema, type SubgraphResolvers } from './subgraph-schema.js';

/** What only this subgraph knows, built once the shared infrastructure is up. */
export interface SubgraphParts<C extends RequestContext, X> {
  /** The generated `Resolvers` map (its context type must be `C`). */
  resolvers: SubgraphResolvers<C>;
  permissions: IRules;
  /** Extends the base context (caller, request id, logger) with loaders and deps, per operation. */
  context(base: RequestContext): C;
  /** Extra GET routes besides /graphql, /healthz, /readyz and /metrics (users: `/.well-known/jwks.json`). */
  routes?: Record<string, RouteHandler>;
  /** Whatever the subgraph's `create…Server` returns besides url, port and stop (deps, …). */
  expose: X;
}

export interface StartSubgraphOptions<C extends RequestContext, X> extends InfrastructureOptions {
  /** 0 picks a free port (tests). */
  port: number;
  typeDefs: DocumentNode;
  /** Span processors and service name (tests, the platform), besides the OTEL_* env. */
  tracing?: TracingOverrides | undefined;
  /**
   * Builds the subgraph's own parts (deps, seeding, services). What it opens it registers in
   * `infrastructure.resources`: that closes after the server and before the infrastructure.
   */
  setup(infrastructure: SubgraphInfrastructure): Promise<SubgraphParts<C, X>>;
}

export type RunningSubgraph<X> = X & {
  url: string;
  port: number;
  /** Closes in reverse order of opening: server, tracing, Apollo, the subgraph's parts, infrastructure. */
  stop(): Promise<void>;
};

/**
 * The one start sequence of every subgraph: logger → database (+ migrations) → bus → session
 * revocations → token verifier → the subgraph's parts → shielded schema → Apollo → tracing →
 * HTTP + graphql-ws on one port. Anything that fails on the way closes what was already open.
 */
export async function startSubgraph<C extends RequestContext, X>(
  options: StartSubgraphOptions<C, X>,
): Promise<RunningSubgraph<X>> {
  const { env, name } = options;
  const logger = subgraphLogger(options);
  const resources = new Resources(logger);
  try {
    const infrastructure = await openInfrastructure(options, resources, logger);
    const { database, bus } = infrastructure;
    const parts = await options.setup(infrastructure);

    const schema = buildShieldedSubgraphSchema({
      typeDefs: options.typeDefs,
      resolvers: parts.resolvers,
      permissions: parts.permissions,
    });
    const apollo = await startSubgraphApollo<C>({ schema, logger });
    resources.add('apollo', () => apollo.stop());
    const tracing = tracingFromEnv(env, name, options.tracing);
    resources.add('tracing', () => tracing.shutdown());

    const contexts = baseContexts(env, infrastructure.verifier, logger);
    const server = await startServiceServer<C>({
      name,
      port: options.port,
      host: env.HOST,
      logger,
      apollo,
      tracing,
      context: async (req, requestId, span) => parts.context(await contexts.http(req, requestId, span)),
      // Only PostgreSQL: without it nothing can be answered. The bus falls back to this process
      // when Redis is away (events stop crossing instances), which is degraded, not unready.
      readiness: { postgres: () => database.ping() },
      ...(bus.kind === 'redis' ? { degradable: { redis: () => bus.ping() } } : {}),
      routes: { '/metrics': metricsRoute(infrastructure.metrics), ...parts.routes },
      websocket: attachGraphqlWs({
        schema,
        logger,
        context: async (params) => parts.context(await contexts.socket(params)),
      }),
    });
    resources.add('http server', () => server.stop());
    logger.info({ url: server.url, database: database.kind, bus: bus.kind }, `${name} subgraph ready`);

    return { ...parts.expose, url: server.url, port: server.port, stop: () => resources.closeAll() };
  } catch (error) {
    await resources.closeAll();
    throw error;
  }
}
