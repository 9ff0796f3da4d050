import { type Database, type EventBus, errors, type Logger } from '@ukp/kit';
import { decodeArtifact, type LoadedModel, loadModel } from '../learn/index.js';
import { artifactOf } from '../registry/versions.js';
import { ML_TOPICS, type ModelArchivedEvent } from '../topics.js';
import { Lru } from './lru.js';

/** Decodes a READY version's artifact from the registry (NOT_FOUND for any other). */
export function registryModels(db: Database): (modelId: string) => Promise<LoadedModel> {
  return async (modelId) => {
    const found = await artifactOf(db, modelId);
    if (!found) throw errors.notFound('Model version');
    return loadModel(decodeArtifact(found.artifact));
  };
}

export interface ModelCache {
  load(modelId: string): Promise<LoadedModel>;
  /** Forgets a version (archived: it serves nothing again); a load in flight is not kept either. */
  evict(modelId: string): void;
  /** Whether a version is held, loaded or loading. */
  has(modelId: string): boolean;
}

/**
 * Decoded models by version id (a READY artifact never changes), at most `size` of them.
 * Concurrent first uses of one version share one load. An archived version is evicted at once
 * rather than left to the LRU: a decoded model is the largest thing this service keeps in memory.
 */
export function createModelCache(load: (modelId: string) => Promise<LoadedModel>, size: number): ModelCache {
  const loaded = new Lru<string, Promise<LoadedModel>>(size);
  return {
    load(modelId) {
      let model = loaded.get(modelId);
      if (!model) {
        const loading = load(modelId);
        loaded.set(modelId, loading);
        // A failed load is not remembered (the next use tries again), unless it was replaced meanwhile.
        loading.catch(() => {
          if (loaded.peek(modelId) === loading) loaded.delete(modelId);
        });
        model = loading;
      }
      return model;
    },
    evict: (modelId) => loaded.delete(modelId),
    has: (modelId) => loaded.peek(modelId) !== undefined,
  };
}

/**
 * Evicts the versions other instances archive (`ml.model_archived`); resolves with the function
 * that stops listening. Pub/sub is at-most-once: a lost event leaves the model to the LRU, which
 * is all that happened before, and an archived version is never served whatever the cache holds.
 */
export function evictArchivedModels(bus: EventBus, models: ModelCache, logger: Logger) {
  return bus.subscribe<ModelArchivedEvent>(ML_TOPICS.modelArchived, (event) => {
    logger.debug({ name: event.data.name, version: event.data.version }, 'model archived: evicted');
    models.evict(event.data.modelId);
  });
}
