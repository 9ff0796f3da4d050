import { createGateway, type RunningGateway } from '@ukp/gateway';
import {
  createDatabase,
  createEventBus,
  createLogger,
  type EnvSource,
  type EventBus,
  type Logger,
  Resources,
} from '@ukp/kit';
import { createKnowledgeServer, type KnowledgeServer } from '@ukp/knowledge';
import { createUsersServer, type SeededAccount, type UsersServer } from '@ukp/users';
import { type PlatformConfig, platformConfig } from './config.js';

export interface Platform {
  url: string;
  port: number;
  config: PlatformConfig;
  demoAccounts: SeededAccount[];
  subgraphs: { users: UsersServer; knowledge: KnowledgeServer };
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
}

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
  try {
    const database = await createDatabase({
      url: config.users.DATABASE_URL,
      dataDir: config.DATA_DIR,
      poolMax: config.users.DATABASE_POOL_MAX,
      logger,
      ...(options.onQuery ? { onQuery: options.onQuery } : {}),
    });
    resources.add('database', () => database.close());
    const bus = await createEventBus({
      redisUrl: config.users.REDIS_URL,
      prefix: config.users.REDIS_KEY_PREFIX,
      logger,
      name: 'ukp',
    });
    resources.add('event bus', () => bus.close());

    const users = await createUsersServer({
      env: config.users,
      logger: logger.child({ service: 'users' }),
      database,
      bus,
      seedDemo: config.seedDemo,
      ...(options.now ? { now: options.now } : {}),
    });
    resources.add('users', () => users.stop());

    const demoAuthor = (role: string) => users.demoAccounts.find((a) => a.roles.includes(role as never))?.id;
    const editor = demoAuthor('EDITOR');
    const admin = demoAuthor('ADMIN');
    const knowledge = await createKnowledgeServer({
      env: config.knowledge,
      logger: logger.child({ service: 'knowledge' }),
      database,
      bus,
      ...(editor && admin ? { seedDemo: { editor, admin } } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    resources.add('knowledge', () => knowledge.stop());

    const gateway = await createGateway({
      env: {
        ...config.gateway,
        subgraphUrlOverrides: {
          users: users.url,
          knowledge: knowledge.url,
          ...config.gateway.subgraphUrlOverrides,
        },
      },
      logger: logger.child({ service: 'gateway' }),
      bus,
    });
    resources.add('gateway', () => gateway.stop());

    return {
      url: gateway.url,
      port: gateway.port,
      config,
      demoAccounts: users.demoAccounts,
      subgraphs: { users, knowledge },
      gateway,
      bus,
      stop: () => resources.closeAll(),
    };
  } catch (error) {
    await resources.closeAll();
    throw error;
  }
}
