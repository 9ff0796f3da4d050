import { createHash } from 'node:crypto';
import { type Logger, type Redis, redisIsUp } from '@ukp/kit';
import type { Prediction } from '../learn/index.js';
import { Lru } from './lru.js';

/** sha256 (hex) of a text's UTF-8 bytes: its identity in the caches. */
export function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface PredictionCacheOptions {
  /** In-process entries (ML_CACHE_SIZE). */
  size: number;
  /** Redis entries' lifetime (ML_CACHE_TTL_SECONDS). */
  ttlSeconds: number;
  /** REDIS_KEY_PREFIX: keys are `${prefix}ml:pred:<modelId>:<sha256(text)>`. */
  prefix: string;
  /** Without one, the LRU alone. */
  redis?: Redis | undefined;
  logger: Logger;
}

export interface PredictionCache {
  /** Cached predictions of one version for these text hashes (undefined where none), LRU then Redis. */
  getMany(modelId: string, hashes: readonly string[]): Promise<(Prediction | undefined)[]>;
  /** Caches fresh predictions in the LRU now and in Redis in the background. */
  setMany(modelId: string, entries: ReadonlyArray<readonly [hash: string, prediction: Prediction]>): void;
  clear(): void;
}

/**
 * Predictions keyed by model version id and text hash. A version's artifact never changes, so an
 * entry is never stale: moving an alias changes which version answers, not what a version says.
 * The LRU answers first; Redis shares predictions between instances. A Redis failure (or timeout:
 * the kit's client fails fast) leaves the LRU alone in charge and is logged once until Redis
 * answers again; it never fails a prediction.
 */
export function createPredictionCache(options: PredictionCacheOptions): PredictionCache {
  const lru = new Lru<string, Prediction>(options.size);
  const key = (modelId: string, hash: string) => `${options.prefix}ml:pred:${modelId}:${hash}`;
  let degraded = false;
  const failed = (error: unknown) => {
    if (!degraded)
      options.logger.warn({ err: error }, 'prediction cache: Redis failed, using the in-process cache alone');
    degraded = true;
  };
  const recovered = () => {
    if (degraded) options.logger.info('prediction cache: Redis answers again');
    degraded = false;
  };
  const usable = () => options.redis !== undefined && redisIsUp(options.redis);

  return {
    async getMany(modelId, hashes) {
      const found: (Prediction | undefined)[] = hashes.map((hash) => lru.get(`${modelId}:${hash}`));
      const missing = found.flatMap((p, i) => (p === undefined ? [i] : []));
      if (missing.length === 0 || !usable()) return found;
      try {
        const values = await options.redis!.mget(...missing.map((i) => key(modelId, hashes[i]!)));
        recovered();
        values.forEach((value, j) => {
          if (value === null || value === undefined) return;
          const i = missing[j]!;
          const prediction = JSON.parse(value) as Prediction;
          found[i] = prediction;
          lru.set(`${modelId}:${hashes[i]}`, prediction);
        });
      } catch (error) {
        failed(error);
      }
      return found;
    },
    setMany(modelId, entries) {
      for (const [hash, prediction] of entries) lru.set(`${modelId}:${hash}`, prediction);
      if (entries.length === 0 || !usable()) return;
      const pipeline = options.redis!.pipeline();
      for (const [hash, prediction] of entries) {
        pipeline.set(key(modelId, hash), JSON.stringify(prediction), 'EX', options.ttlSeconds);
      }
      pipeline.exec().then(
        (results) => {
          const error = results?.find(([e]) => e)?.[0];
          if (error) failed(error);
          else recovered();
        },
        (error: unknown) => failed(error),
      );
    },
    clear: () => lru.clear(),
  };
}
