import {
  createRedis,
  readSdl,
  type SubgraphHostOptions,
  startSubgraph,
  type TracingOverrides,
} from '@ukp/kit';
import { createMlContext, type MlContext } from './context.js';
import type { MlDeps } from './domain/deps.js';
import { createSuggestionFeedback } from './domain/feedback/feedback.js';
import { knowledgeDocuments } from './domain/feedback/knowledge-documents.js';
import { createAliasCache } from './domain/inference/alias-cache.js';
import { createDriftBinsCache } from './domain/inference/drift-bins-cache.js';
import { createExposures } from './domain/inference/exposures.js';
import {
  createModelCache,
  evictArchivedModels,
  type ModelCache,
  registryModels,
} from './domain/inference/model-cache.js';
import { createInference, type Inference } from './domain/inference/predict.js';
import { createPredictionCache } from './domain/inference/prediction-cache.js';
import { createServedCounts } from './domain/inference/served-counts.js';
import { createSplitCache } from './domain/inference/split-cache.js';
import { createLiveSuggestions } from './domain/live/live-suggestions.js';
import type { SuggestionHub } from './domain/live/suggestion-hub.js';
import { createPredictionMetrics } from './domain/metrics/prediction-metrics.js';
import { createDriftMonitor, type DriftMonitor } from './domain/monitoring/drift.js';
import { PRODUCTION_ALIAS } from './domain/registry/model-record.js';
import { createRegistry, type Registry } from './domain/registry/registry.js';
import { createTrafficSplits } from './domain/registry/traffic-splits.js';
import { startAutoTrain } from './domain/training/auto-train.js';
import { type CorpusSource, knowledgeCorpus } from './domain/training/corpus.js';
import { createTrainingJobs, type TrainingJobs } from './domain/training/jobs.js';
import { startDriftRetraining } from './domain/training/retrain-on-drift.js';
import type { MlEnv } from './env.js';
import { MIGRATIONS_FOLDER } from './migrations-folder.js';
import { permissions } from './permissions.js';
import { resolvers } from './resolvers/index.js';
import type { MlServices } from './services.js';

export { MIGRATIONS_FOLDER };

/** How often the production versions' drift is checked (and published when drifted). */
const DRIFT_CHECK_MS = 60_000;

const typeDefs = readSdl(new URL('./schema.graphql', import.meta.url));

export interface MlServerOptions extends SubgraphHostOptions {
  env: MlEnv;
  /** Port to listen on; defaults to ML_PORT (tests pass 0). */
  port?: number;
  now?: () => Date;
  /** Span processors (tests: in-memory exporters) and the service name, besides the OTEL_* env. */
  tracing?: TracingOverrides;
  /** Where training reads labelled documents; default: knowledge at ML_KNOWLEDGE_URL (tests inject one). */
  corpus?: CorpusSource;
  /** Auto-train on start; default ML_AUTO_TRAIN. */
  autoTrain?: boolean;
}

export interface MlServer {
  url: string;
  port: number;
  deps: MlDeps;
  registry: Registry;
  training: TrainingJobs;
  inference: Inference;
  /** Decoded models of this instance (tests read what it holds). */
  models: ModelCache;
  drift: DriftMonitor;
  /** Live tag suggestions of this instance (tests read how many subscribers it holds). */
  live: SuggestionHub;
  /** Resolves once no background work (auto-train, trainings) is running: tests. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** The ml subgraph on the kit's runtime: the registry, training workers, cached inference. */
export async function createMlServer(options: MlServerOptions): Promise<MlServer> {
  const { env } = options;
  return startSubgraph<MlContext, Omit<MlServer, 'url' | 'port' | 'stop'>>({
    ...options,
    name: 'ml',
    port: options.port ?? env.ML_PORT,
    migrations: MIGRATIONS_FOLDER,
    typeDefs,
    async setup({ database, bus, logger, background, resources, metrics }) {
      const deps: MlDeps = {
        db: database.db,
        bus,
        logger,
        background,
        now: options.now ?? (() => new Date()),
        corpus:
          options.corpus ??
          knowledgeCorpus({
            url: env.ML_KNOWLEDGE_URL,
            timeoutMs: env.ML_KNOWLEDGE_TIMEOUT_MS,
            maxDocuments: env.ML_MAX_TRAINING_DOCUMENTS,
            logger,
          }),
        config: {
          minTrainingExamples: env.ML_MIN_TRAINING_EXAMPLES,
          trainingConcurrency: env.ML_TRAINING_CONCURRENCY,
          maxTextBytes: env.ML_MAX_TEXT_BYTES,
          suggestionMinConfidence: env.ML_SUGGESTION_MIN_CONFIDENCE,
          cacheSize: env.ML_CACHE_SIZE,
          cacheTtlSeconds: env.ML_CACHE_TTL_SECONDS,
          modelCacheSize: env.ML_MODEL_CACHE_SIZE,
          driftThreshold: env.ML_DRIFT_THRESHOLD,
          redisPrefix: env.REDIS_KEY_PREFIX,
        },
      };

      // A connection of its own for the prediction cache: a slow MGET never queues behind bus traffic.
      const redis = env.REDIS_URL
        ? await createRedis({
            url: env.REDIS_URL,
            logger,
            name: 'ml-cache',
            commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
          })
        : undefined;
      if (redis) resources.add('prediction cache redis', async () => void (await redis.quit()));

      const aliasCache = createAliasCache(deps.db, bus, logger);
      resources.add('alias invalidations', await aliasCache.listen());
      const splitCache = createSplitCache(deps.db, bus, logger);
      resources.add('traffic split invalidations', await splitCache.listen());
      const served = createServedCounts(deps.db, logger);
      resources.add('served counts', served.startTimer(env.ML_SERVED_FLUSH_MS));
      const models = createModelCache(registryModels(deps.db), env.ML_MODEL_CACHE_SIZE);
      resources.add('archived model evictions', await evictArchivedModels(bus, models, logger));
      // Resolved lazily: the monitor and inference need each other (it records, it resolves).
      let inferenceRef: Inference | undefined;
      const drift = createDriftMonitor({
        bus,
        logger,
        now: deps.now,
        threshold: env.ML_DRIFT_THRESHOLD,
        production: (name) => inferenceRef!.resolve(name, { alias: PRODUCTION_ALIAS }),
        load: (id) => models.load(id),
      });
      resources.add('drift checks', drift.startTimer(DRIFT_CHECK_MS));
      const inference = createInference({
        metrics: createPredictionMetrics(metrics),
        db: deps.db,
        aliases: aliasCache,
        models,
        drift,
        driftBins: createDriftBinsCache(env.ML_CACHE_SIZE),
        cache: createPredictionCache({
          size: env.ML_CACHE_SIZE,
          ttlSeconds: env.ML_CACHE_TTL_SECONDS,
          prefix: env.REDIS_KEY_PREFIX,
          redis,
          logger,
        }),
        served,
        splits: splitCache,
        exposures: createExposures({ bus, logger, now: deps.now }),
        maxTextBytes: env.ML_MAX_TEXT_BYTES,
      });
      inferenceRef = inference;
      // Knowledge asked as the caller: its rules decide who may read and tag a document.
      const knowledge = knowledgeDocuments({
        url: env.ML_KNOWLEDGE_URL,
        timeoutMs: env.ML_KNOWLEDGE_TIMEOUT_MS,
      });
      const feedback = createSuggestionFeedback(deps, inference, knowledge);
      const live = createLiveSuggestions(deps, inference, knowledge);
      resources.add('live suggestions', await live.start());
      const registry = createRegistry(deps, aliasCache, models);
      const splits = createTrafficSplits(deps, splitCache);
      const training = createTrainingJobs(deps);
      // Registered after the timers above, so stopped before them: interrupted jobs end FAILED first.
      resources.add('training jobs', () => training.stop());
      if (options.autoTrain ?? env.ML_AUTO_TRAIN) {
        resources.add(
          'auto-train',
          startAutoTrain(deps, training, registry, {
            retryMs: env.ML_AUTO_TRAIN_RETRY_MS,
            maxRetryMs: env.ML_AUTO_TRAIN_MAX_RETRY_MS,
          }),
        );
      }

      if (env.ML_RETRAIN_ON_DRIFT) {
        // Registered after the jobs, so closed before them: no retraining starts on a stopping service.
        resources.add(
          'retraining on drift',
          await startDriftRetraining(deps, training, registry, {
            cooldownMs: env.ML_DRIFT_RETRAIN_COOLDOWN_MS,
          }),
        );
      }

      const services: MlServices = {
        deps,
        registry,
        splits,
        training,
        inference,
        served,
        drift,
        feedback,
        live,
      };
      return {
        resolvers,
        permissions,
        context: (base) => createMlContext(base, services),
        expose: {
          deps,
          registry,
          training,
          inference,
          models,
          drift,
          live,
          settled: () => background.settled(),
        },
      };
    },
  });
}
