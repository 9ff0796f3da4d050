import { type AnalyticsServer, createAnalyticsServer } from '@ukp/analytics';
import { createGateway, type RunningGateway } from '@ukp/gateway';
import {
  createDatabase,
  createLogger,
  type EnvSource,
  type EventBus,
  eventBusFromEnv,
  type Logger,
  Resources,
  type Role,
  type SpanProcessor,
  type TracingOverrides,
} from '@ukp/kit';
import { createKnowledgeServer, type KnowledgeServer } from '@ukp/knowledge';
import { createMlServer, type MlServer } from '@ukp/ml';
import { createUsersServer, type SeededAccount, type UsersServer } from '@ukp/users';
import { type PlatformConfig, platformConfig } from './config.js';
import { type Restartable, startRestartable } from './restartable.js';

export interface Platform {
  url: string;
  port: number;
  config: PlatformConfig;
  demoAccounts: SeededAccount[];
  /** Each subgraph's running instance; `restart()` starts it again on the same port. */
  subgraphs: {
    users: Restartable<UsersServer>;
    knowledge: Restartable<KnowledgeServer>;
    analytics: Restartable<AnalyticsServer>;
    ml: Restartable<MlServer>;
  };
  gateway: RunningGateway;
  /** The bus every service here shares (tests subscribe to what the services publish). */
  bus: EventBus;
  stop(): Promise<void>;
}

export interface StartPlatformOptions {
  logger?: Logger;
  now?: () => Date;
  /** Sees every SQL statement of the shared database (tests count them per request). */
  onQuery?: (query: string) => void;
  /**
   * Span processors for each service besides what OTEL_TRACES_EXPORTER configures (tests: a
   * SimpleSpanProcessor over an InMemorySpanExporter per service); any turns that service's tracing on.
   */
  spanProcessors?: (service: PlatformService) => SpanProcessor[];
}

export type PlatformService = 'gateway' | 'users' | 'knowledge' | 'analytics' | 'ml';

/**
 * The whole platform in one process: one database handle and one event bus shared by the
 * subgraphs, each subgraph on its own port, and the gateway in front calling them over real HTTP.
 */
export async function startPlatform(
  source: EnvSource,
  options: StartPlatformOptions = {},
): Promise<Platform> {
  const config = platformConfig(source);
  const logger =
    options.logger ??
    createLogger({
      service: 'ukp',
      level: config.users.LOG_LEVEL,
      format: config.users.LOG_FORMAT ?? 'json',
    });
  const resources = new Resources(logger);
  // One process, five services: each keeps its own `service.name` (OTEL_SERVICE_NAME prefixes it).
  const tracing = (service: PlatformService): TracingOverrides => {
    const prefix = config.gateway.OTEL_SERVICE_NAME;
    return {
      serviceName: prefix ? `${prefix}-${service}` : service,
      ...(options.spanProcessors ? { spanProcessors: options.spanProcessors(service) } : {}),
    };
  };
  try {
    const database = await createDatabase({
      url: config.users.DATABASE_URL,
      dataDir: config.DATA_DIR,
      poolMax: config.users.DATABASE_POOL_MAX,
      prepare: config.users.DATABASE_PREPARE,
      logger,
      ...(options.onQuery ? { onQuery: options.onQuery } : {}),
    });
    resources.add('database', () => database.close());
    const bus = await eventBusFromEnv(config.users, logger, 'ukp');
    resources.add('event bus', () => bus.close());

    const users = await startRestartable((port) =>
      createUsersServer({
        env: config.users,
        logger: logger.child({ service: 'users' }),
        tracing: tracing('users'),
        database,
        bus,
        seedDemo: config.seedDemo,
        ...(port !== undefined ? { port } : {}),
        ...(options.now ? { now: options.now } : {}),
      }),
    );
    resources.add('users', () => users.stop());

    const demoAuthor = (role: Role) => users.demoAccounts.find((a) => a.roles.includes(role))?.id;
    const editor = demoAuthor('EDITOR');
    const admin = demoAuthor('ADMIN');
    const knowledge = await startRestartable((port) =>
      createKnowledgeServer({
        env: config.knowledge,
        logger: logger.child({ service: 'knowledge' }),
        tracing: tracing('knowledge'),
        database,
        bus,
        ...(port !== undefined ? { port } : {}),
        ...(editor && admin ? { seedDemo: { editor, admin } } : {}),
        ...(options.now ? { now: options.now } : {}),
      }),
    );
    resources.add('knowledge', () => knowledge.stop());

    const analytics = await startRestartable((port) =>
      createAnalyticsServer({
        env: config.analytics,
        logger: logger.child({ service: 'analytics' }),
        tracing: tracing('analytics'),
        database,
        bus,
        seedDemo: config.seedDemo,
        ...(port !== undefined ? { port } : {}),
        ...(options.now ? { now: options.now } : {}),
      }),
    );
    resources.add('analytics', () => analytics.stop());

    const ml = await startRestartable((port) =>
      createMlServer({
        // Training reads the documents of the knowledge service this process runs.
        env: { ...config.ml, ML_KNOWLEDGE_URL: knowledge.url },
        logger: logger.child({ service: 'ml' }),
        tracing: tracing('ml'),
        database,
        bus,
        ...(port !== undefined ? { port } : {}),
        ...(options.now ? { now: options.now } : {}),
      }),
    );
    resources.add('ml', () => ml.stop());

    const gateway = await createGateway({
      env: {
        ...config.gateway,
        subgraphUrlOverrides: {
          users: users.url,
          knowledge: knowledge.url,
          analytics: analytics.url,
          ml: ml.url,
          ...config.gateway.subgraphUrlOverrides,
        },
      },
      logger: logger.child({ service: 'gateway' }),
      tracing: tracing('gateway'),
      bus,
    });
    resources.add('gateway', () => gateway.stop());

    return {
      url: gateway.url,
      port: gateway.port,
      config,
      demoAccounts: users.demoAccounts,
      subgraphs: { users, knowledge, analytics, ml },
      gateway,
      bus,
      stop: () => resources.closeAll(),
    };
  } catch (error) {
    await resources.closeAll();
    throw error;
  }
}
