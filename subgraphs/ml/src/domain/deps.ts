import type { BackgroundTasks, Database, EventBus, Logger } from '@ukp/kit';
import type { CorpusSource } from './training/corpus.js';

/** Settings the domain reads, from the environment (see env.ts). */
export interface MlConfig {
  minTrainingExamples: number;
  trainingConcurrency: number;
  maxTextBytes: number;
  suggestionMinConfidence: number;
  cacheSize: number;
  cacheTtlSeconds: number;
  modelCacheSize: number;
  driftThreshold: number;
  /** Prefix of this service's Redis keys (REDIS_KEY_PREFIX). */
  redisPrefix: string;
}

/** Everything the domain functions need, built once in the composition root. */
export interface MlDeps {
  db: Database;
  bus: EventBus;
  logger: Logger;
  background: BackgroundTasks;
  now: () => Date;
  config: MlConfig;
  /** Where training (and the promotion gate) reads labelled documents. */
  corpus: CorpusSource;
}
