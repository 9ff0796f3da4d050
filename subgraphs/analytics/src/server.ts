import { hostname } from 'node:os';
import {
  createEventFeed,
  readSdl,
  type SubgraphHostOptions,
  startSubgraph,
  type TracingOverrides,
} from '@ukp/kit';
import { type AnalyticsContext, createAnalyticsContext } from './context.js';
import { createAlertEngine } from './domain/alerts/engine.js';
import type { AnalyticsDeps } from './domain/deps.js';
import { seedDemoExperiment } from './domain/experiments/demo.js';
import { startPlatformConsumer } from './domain/ingest/consumer.js';
import { createPartitionManager } from './domain/ingest/partitions.js';
import { createIngestPipeline, type IngestPipeline } from './domain/ingest/pipeline.js';
import { ANALYTICS_TOPICS } from './domain/ingest/platform-events.js';
import { createLiveFeeds } from './domain/live/feeds.js';
import { createLivePublisher } from './domain/live/metric-publisher.js';
import type { AnalyticsEnv } from './env.js';
import { MIGRATIONS_FOLDER } from './migrations-folder.js';
import { permissions } from './permissions.js';
import { resolvers } from './resolvers/index.js';
import type { AnalyticsServices } from './services.js';

export { MIGRATIONS_FOLDER };

const typeDefs = readSdl(new URL('./schema.graphql', import.meta.url));

export interface AnalyticsServerOptions extends SubgraphHostOptions {
  env: AnalyticsEnv;
  /** Port to listen on; defaults to ANALYTICS_PORT (tests pass 0). */
  port?: number;
  now?: () => Date;
  /** Span processors (tests: in-memory exporters) and the service name, besides the OTEL_* env. */
  tracing?: TracingOverrides;
  /** DEVELOPMENT ONLY: seed a running demo experiment with enough traffic to show results. */
  seedDemo?: boolean;
  /** Tests: do not start the minute timers (anomaly detection, alerts, partitions); drive them by hand. */
  timers?: boolean;
}

export interface AnalyticsServer {
  url: string;
  port: number;
  deps: AnalyticsDeps;
  pipeline: IngestPipeline;
  /** Runs one pass of the minute work now (anomalies, alerts, webhooks): tests and the demo. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** The analytics subgraph on the kit's runtime: its pipeline, its consumers, its timers. */
export async function createAnalyticsServer(options: AnalyticsServerOptions): Promise<AnalyticsServer> {
  const { env } = options;
  return startSubgraph<AnalyticsContext, Omit<AnalyticsServer, 'url' | 'port' | 'stop'>>({
    ...options,
    name: 'analytics',
    port: options.port ?? env.ANALYTICS_PORT,
    migrations: MIGRATIONS_FOLDER,
    typeDefs,
    async setup({ database, bus, logger, background, resources }) {
      const deps: AnalyticsDeps = {
        db: database.db,
        bus,
        logger,
        background,
        now: options.now ?? (() => new Date()),
        config: {
          retentionDays: env.ANALYTICS_RETENTION_DAYS,
          anomaly: {
            threshold: env.ANALYTICS_ANOMALY_THRESHOLD,
            minHistory: env.ANALYTICS_ANOMALY_MIN_HISTORY,
            window: env.ANALYTICS_ANOMALY_WINDOW,
          },
          webhook: {
            allowPrivate: env.ANALYTICS_WEBHOOK_ALLOW_PRIVATE,
            timeoutMs: env.ANALYTICS_WEBHOOK_TIMEOUT_MS,
            maxAttempts: env.ANALYTICS_WEBHOOK_MAX_ATTEMPTS,
          },
        },
      };
      const timers = options.timers ?? true;
      if (options.seedDemo) await seedDemoExperiment(deps);

      const partitions = createPartitionManager(deps);
      await partitions.maintain();
      if (timers) resources.add('partitions', partitions.startTimer());

      const pipeline = createIngestPipeline(deps, partitions);
      const live = createLivePublisher(deps, pipeline);
      resources.add('live metrics', () => live.stop());

      const alerts = createAlertEngine(deps);
      if (timers) resources.add('alerts', alerts.startTimer());

      const feed = createEventFeed({
        bus,
        redisUrl: env.REDIS_URL,
        prefix: env.REDIS_KEY_PREFIX,
        commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
        group: env.ANALYTICS_CONSUMER_GROUP,
        consumer: env.ANALYTICS_CONSUMER_NAME ?? `${hostname()}-${process.pid}`,
        topics: ANALYTICS_TOPICS,
        claimIdleMs: env.ANALYTICS_CLAIM_IDLE_MS,
        // A batch has a fixed cost (the sketch rows of every window it touches): larger ones pay it less often.
        batchSize: 2000,
        logger,
      });
      // Registered before the server opens, so it stops after the server: in-flight batches commit.
      resources.add('platform events', await startPlatformConsumer(deps, pipeline, feed));

      const services: AnalyticsServices = { deps, pipeline, feeds: createLiveFeeds(deps) };
      return {
        resolvers,
        permissions,
        context: (base) => createAnalyticsContext(base, services),
        expose: { deps, pipeline, tick: () => alerts.tick() },
      };
    },
  });
}
