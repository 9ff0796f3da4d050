import type { z } from 'zod';
import { SessionRevocations, withSessionRevocations } from '../auth/session-revocations.js';
import { createTokenVerifier, type TokenVerifier, tokenConfigFromEnv } from '../auth/tokens.js';
import { BackgroundTasks } from '../background-tasks.js';
import { type EventBus, eventBusFromEnv } from '../bus/index.js';
import { clientAddressEnv } from '../client-address/env.js';
import { createDatabase, type DatabaseHandle } from '../db/database.js';
import { runMigrations } from '../db/migrate.js';
import { authEnv, commonEnv, databaseEnv, redisEnv } from '../env.js';
import { createLogger, type Logger } from '../logger.js';
import { createRedis } from '../redis.js';
import type { Resources } from '../resources.js';
import { tracingEnv } from '../tracing/env.js';
import { MetricsRegistry } from './metrics.js';

/** Every variable the runtime reads; a subgraph spreads this and adds its own (its port, …). */
export const subgraphEnv = {
  ...commonEnv,
  ...databaseEnv,
  ...redisEnv,
  ...authEnv,
  ...clientAddressEnv,
  ...tracingEnv,
};

export type SubgraphEnv = z.infer<z.ZodObject<typeof subgraphEnv>>;

/** What a composition root may hand in besides env; the platform shares its database and bus. */
export interface SubgraphHostOptions {
  logger?: Logger | undefined;
  /** Shared with other services in one process: not closed by this subgraph's stop(). */
  database?: DatabaseHandle | undefined;
  bus?: EventBus | undefined;
  /** Called with every SQL statement of a database opened here (tests count list queries). */
  onQuery?: ((query: string) => void) | undefined;
}

export interface InfrastructureOptions extends SubgraphHostOptions {
  /** The subgraph's name: its logger's `service`, its Postgres schema, its Redis connection names. */
  name: string;
  env: SubgraphEnv;
  /** drizzle-kit's output folder for this subgraph (with `meta/_journal.json`). */
  migrations: string;
  /** Verifies access tokens; from the JWT_* env by default (users passes its own signer). */
  tokenVerifier?: TokenVerifier | undefined;
}

/** The shared parts every subgraph builds its own on; each registered in `resources` for closing. */
export interface SubgraphInfrastructure {
  logger: Logger;
  database: DatabaseHandle;
  bus: EventBus;
  revocations: SessionRevocations;
  /** The token verifier, refusing tokens of sessions that have ended. */
  verifier: TokenVerifier;
  /** Fire-and-forget work; drained after the server and the subgraph's own parts stop. */
  background: BackgroundTasks;
  /** Register what the subgraph opens: closed in reverse order, before the parts above. */
  resources: Resources;
  /**
   * This subgraph's Prometheus registry, served on `/metrics` with the process's default metrics:
   * the subgraph's setup registers its own counters and histograms here (`registers: [metrics]`).
   */
  metrics: MetricsRegistry;
}

/** Logger → database (+ migrations) → bus → session revocations → verifier → background tasks. */
export async function openInfrastructure(
  options: InfrastructureOptions,
  resources: Resources,
  logger: Logger,
): Promise<SubgraphInfrastructure> {
  const { env, name } = options;
  const database = await resources.provide(
    'database',
    options.database,
    () =>
      createDatabase({
        url: env.DATABASE_URL,
        dataDir: env.DATA_DIR,
        poolMax: env.DATABASE_POOL_MAX,
        prepare: env.DATABASE_PREPARE,
        logger,
        ...(options.onQuery ? { onQuery: options.onQuery } : {}),
      }),
    (d) => d.close(),
  );
  await runMigrations(database.db, { folder: options.migrations, schema: name, logger });

  const bus = await resources.provide(
    'event bus',
    options.bus,
    () => eventBusFromEnv(env, logger, name),
    (b) => b.close(),
  );

  // The revoked-session set in Redis is how this subgraph catches up on revocations announced
  // while Redis (and so the bus between instances) was away.
  const redis = env.REDIS_URL
    ? await createRedis({
        url: env.REDIS_URL,
        logger,
        name: `${name}-revocations`,
        commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
      })
    : undefined;
  if (redis) resources.add('redis', async () => void (await redis.quit()));
  const tokenConfig = tokenConfigFromEnv(env);
  const revocations = await SessionRevocations.start({
    bus,
    ttlSeconds: tokenConfig.ttlSeconds,
    redis,
    keyPrefix: env.REDIS_KEY_PREFIX,
    logger,
  });
  resources.add('session revocations', () => revocations.stop());
  const verifier = withSessionRevocations(
    options.tokenVerifier ?? (await createTokenVerifier(tokenConfig)),
    revocations,
  );
  const background = new BackgroundTasks(logger);
  resources.add('background tasks', () => background.settled());
  const metrics = new MetricsRegistry();
  return { logger, database, bus, revocations, verifier, background, resources, metrics };
}

/** The subgraph's logger: the one handed in (a shared process), else JSON (or pretty) by env. */
export function subgraphLogger(options: InfrastructureOptions): Logger {
  return (
    options.logger ??
    createLogger({
      service: options.name,
      level: options.env.LOG_LEVEL,
      format: options.env.LOG_FORMAT ?? 'json',
    })
  );
}
