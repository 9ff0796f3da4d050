import type { TextBins } from '../monitoring/drift.js';
import { Lru } from './lru.js';

export interface DriftBinsCache {
  get(modelId: string, hash: string): TextBins | undefined;
  set(modelId: string, hash: string, bins: TextBins): void;
}

/**
 * Each text's drift bins per version, by text hash, in process. A text's bins are a function of
 * the text and the version's vocabulary alone, and every request adds them to the drift window,
 * cache hits too: remembered, a prediction the cache answers needs no tokenising and stemming,
 * which was most of its CPU time. Sized like the prediction LRU, whose hits it serves.
 */
export function createDriftBinsCache(size: number): DriftBinsCache {
  const lru = new Lru<string, TextBins>(size);
  return {
    get: (modelId, hash) => lru.get(`${modelId}:${hash}`),
    set: (modelId, hash, bins) => lru.set(`${modelId}:${hash}`, bins),
  };
}
