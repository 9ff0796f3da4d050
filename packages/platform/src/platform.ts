import { createGateway } from '@ukp/gateway';
import {
  createDatabase,
  createEventBus,
  createLogger,
  type EnvSource,
  type Logger,
  Resources,
} from '@ukp/kit';
import { createUsersServer, type DemoAccount, type UsersServer } from '@ukp/users';
import { type PlatformConfig, platformConfig } from './config.js';

export interface Platform {
  url: string;
  port: number;
  config: PlatformConfig;
  demoAccounts: DemoAccount[];
  subgraphs: { users: UsersServer };
  stop(): Promise<void>;
}

export interface StartPlatformOptions {
  logger?: Logger;
  now?: () => Date;
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

    const gateway = await createGateway({
      env: {
        ...config.gateway,
        subgraphUrlOverrides: { users: users.url, ...config.gateway.subgraphUrlOverrides },
      },
      logger: logger.child({ service: 'gateway' }),
    });
    resources.add('gateway', () => gateway.stop());

    return {
      url: gateway.url,
      port: gateway.port,
      config,
      demoAccounts: users.demoAccounts,
      subgraphs: { users },
      stop: () => resources.closeAll(),
    };
  } catch (error) {
    await resources.closeAll();
    throw error;
  }
}
