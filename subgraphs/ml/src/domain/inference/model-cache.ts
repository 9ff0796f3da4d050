import { type Database, errors } from '@ukp/kit';
import { decodeArtifact, type LoadedModel, loadModel } from '../learn/index.js';
import { artifactOf } from '../registry/versions.js';
import { Lru } from './lru.js';

/**
 * Decoded models by version id (an artifact never changes once READY), at most `size` of them.
 * Concurrent first uses of one version share one load.
 */
export function createModelCache(db: Database, size: number) {
  const loaded = new Lru<string, Promise<LoadedModel>>(size);
  return {
    load(modelId: string): Promise<LoadedModel> {
      let model = loaded.get(modelId);
      if (!model) {
        model = artifactOf(db, modelId).then((found) => {
          if (!found) throw errors.notFound('Model version');
          return loadModel(decodeArtifact(found.artifact));
        });
        loaded.set(modelId, model);
        // A failed load is not remembered: the next use tries again.
        model.catch(() => loaded.delete(modelId));
      }
      return model;
    },
  };
}

export type ModelCache = ReturnType<typeof createModelCache>;
