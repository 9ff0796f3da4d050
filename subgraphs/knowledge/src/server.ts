import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  applyShield,
  attachGraphqlWs,
  clientAddressSecret,
  createClientAddressSigner,
  createDatabase,
  createEventBus,
  createLogger,
  createTokenVerifier,
  type DatabaseHandle,
  type EventBus,
  type Logger,
  Resources,
  requestIdFrom,
  requestLogger,
  runMigrations,
  SessionRevocations,
  startServiceServer,
  startSubgraphApollo,
  type TracingOverrides,
  tokenConfigFromEnv,
  tracingFromEnv,
  verifiedClientAddress,
  viewerFromAuthorization,
  withSessionRevocations,
} from '@ukp/kit';
import { parse } from 'graphql';
import { createKnowledgeContext, type KnowledgeContext, type Realtime } from './context.js';
import type { Scheduler } from './domain/collab/scheduler.js';
import { type CollaborationOptions, createCollaboration } from './domain/collab/service.js';
import type { KnowledgeDeps } from './domain/deps.js';
import { createLiveFeeds, type LiveFeedsOptions, type SubscriptionField } from './domain/subscriptions.js';
import { createVocabulary } from './domain/vocabulary.js';
import type { KnowledgeEnv } from './env.js';
import { knowledgePermissions } from './permissions.js';
import { resolvers } from './resolvers/index.js';
import { type DemoAuthors, seedDemoCorpus } from './seed/seed.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../drizzle', import.meta.url));
const typeDefs = parse(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

/** Topics other instances publish that make the did-you-mean vocabulary stale here too. */
const VOCABULARY_TOPICS = ['document.published', 'document.updated', 'document.archived', 'document.deleted'];

export interface KnowledgeServerOptions {
  env: KnowledgeEnv;
  logger?: Logger;
  database?: DatabaseHandle;
  bus?: EventBus;
  port?: number;
  now?: () => Date;
  /** DEVELOPMENT ONLY: load the demo corpus into an empty database, written by these users. */
  seedDemo?: DemoAuthors;
  /** Counts every SQL statement (tests assert that list queries cost a fixed number). */
  onQuery?: (query: string) => void;
  /** Timers of live editing (compaction, presence); tests pass one they drive with `now`. */
  scheduler?: Scheduler;
  collaboration?: Omit<CollaborationOptions, 'scheduler'>;
  subscriptions?: LiveFeedsOptions;
  /** Span processors (tests: in-memory exporters) and the service name, besides the OTEL_* env. */
  tracing?: TracingOverrides;
  /**
   * Tests only: turn off one of the read guards (the service's own filter, the Document shield
   * rule) to show the others hold alone. Both are on unless set to false.
   */
  readGuards?: { filter?: boolean; documentRule?: boolean };
}

export interface KnowledgeServer {
  url: string;
  port: number;
  deps: KnowledgeDeps;
  realtime: Realtime;
  /** GraphQL subscriptions open on this instance, per field. */
  activeSubscriptions(): Record<SubscriptionField, number>;
  stop(): Promise<void>;
}

/** graphql-ws has no headers: the token (and a forwarded request id) come in `connectionParams`. */
function paramString(params: Record<string, unknown> | undefined, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = params?.[name];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** Composition root: env → db (+ migrations) → bus → domain deps → shielded schema → HTTP + WS. */
export async function createKnowledgeServer(options: KnowledgeServerOptions): Promise<KnowledgeServer> {
  const { env } = options;
  const logger =
    options.logger ??
    createLogger({ service: 'knowledge', level: env.LOG_LEVEL, format: env.LOG_FORMAT ?? 'json' });
  const resources = new Resources(logger);
  try {
    const database = await resources.provide(
      'database',
      options.database,
      () =>
        createDatabase({
          url: env.DATABASE_URL,
          dataDir: env.DATA_DIR,
          poolMax: env.DATABASE_POOL_MAX,
          logger,
          ...(options.onQuery ? { onQuery: options.onQuery } : {}),
        }),
      (d) => d.close(),
    );
    await runMigrations(database.db, { folder: MIGRATIONS_FOLDER, schema: 'knowledge', logger });

    const bus = await resources.provide(
      'event bus',
      options.bus,
      () =>
        createEventBus({
          redisUrl: env.REDIS_URL,
          prefix: env.REDIS_KEY_PREFIX,
          logger,
          name: 'knowledge',
        }),
      (b) => b.close(),
    );

    const vocabulary = createVocabulary(database.db, logger);
    resources.add('vocabulary', () => vocabulary.close());
    for (const topic of VOCABULARY_TOPICS) {
      const unsubscribe = await bus.subscribe(topic, () => vocabulary.markStale());
      resources.add(`bus:${topic}`, unsubscribe);
    }

    const tokenConfig = tokenConfigFromEnv(env);
    const revocations = await SessionRevocations.start({ bus, ttlSeconds: tokenConfig.ttlSeconds, logger });
    resources.add('session revocations', () => revocations.stop());
    const verifier = withSessionRevocations(await createTokenVerifier(tokenConfig), revocations);

    const deps: KnowledgeDeps = {
      db: database.db,
      bus,
      logger,
      now: options.now ?? (() => new Date()),
      vocabulary,
      bodyMaxBytes: env.KNOWLEDGE_BODY_MAX_BYTES,
      filterReads: options.readGuards?.filter ?? true,
    };
    if (options.seedDemo) await seedDemoCorpus(deps, options.seedDemo);
    void vocabulary.ensureFresh();

    // Before the servers, so it stops after them: open subscriptions end first, then it compacts.
    const collab = await createCollaboration(deps, {
      ...(env.KNOWLEDGE_COLLAB_MAX_STATE_BYTES
        ? { maxStateBytes: env.KNOWLEDGE_COLLAB_MAX_STATE_BYTES }
        : {}),
      ...options.collaboration,
      ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    });
    resources.add('live editing', () => collab.stop());
    const realtime: Realtime = { collab, feeds: createLiveFeeds(deps, options.subscriptions) };

    const schema = applyShield(
      buildSubgraphSchema({ typeDefs, resolvers: resolvers as never }),
      knowledgePermissions({ documentReadRule: options.readGuards?.documentRule ?? true }),
    );
    const apollo = await startSubgraphApollo<KnowledgeContext>({ schema, logger });
    resources.add('apollo', () => apollo.stop());

    const tracing = tracingFromEnv(env, 'knowledge', options.tracing);
    resources.add('tracing', () => tracing.shutdown());
    // The client's address comes only from the gateway, signed (x-ukp-client-address); without a
    // valid signature it is the socket's, so a direct caller cannot choose what the audit log records.
    const secret = clientAddressSecret(env);
    const addressSigner = secret ? createClientAddressSigner(secret) : undefined;

    const contextFor = async (
      authorization: string | undefined,
      requestId: string,
      ip: string | null,
      traceId?: string,
    ) =>
      createKnowledgeContext(
        {
          requestId,
          ip,
          viewer: await viewerFromAuthorization(authorization, verifier),
          logger: requestLogger(logger, requestId, traceId),
        },
        deps,
        realtime,
      );

    const server = await startServiceServer<KnowledgeContext>({
      name: 'knowledge',
      port: options.port ?? env.KNOWLEDGE_PORT,
      host: env.HOST,
      logger,
      apollo,
      tracing,
      context: (req, requestId, span) =>
        contextFor(
          typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined,
          requestId,
          verifiedClientAddress(req.headers, req.socket.remoteAddress, addressSigner),
          span?.traceId,
        ),
      readiness: { postgres: () => database.ping(), bus: () => bus.ping() },
      websocket: attachGraphqlWs({
        schema,
        logger,
        context: (params) =>
          contextFor(
            paramString(params, 'authorization', 'Authorization'),
            requestIdFrom({ 'x-request-id': paramString(params, 'x-request-id', 'requestId') }),
            null,
          ),
      }),
    });
    resources.add('http server', () => server.stop());
    logger.info({ url: server.url, database: database.kind, bus: bus.kind }, 'knowledge subgraph ready');
    return {
      url: server.url,
      port: server.port,
      deps,
      realtime,
      activeSubscriptions: () => realtime.feeds.active(),
      stop: () => resources.closeAll(),
    };
  } catch (error) {
    await resources.closeAll();
    throw error;
  }
}
