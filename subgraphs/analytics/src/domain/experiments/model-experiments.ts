import { EXPERIMENT_KEY } from './validate.js';

/**
 * A model's traffic split is the experiment `model:<name>`: the ml subgraph names it so in its
 * events, and analytics keeps it in step with the split (`model-splits.ts`).
 */
export const MODEL_EXPERIMENT_PREFIX = 'model:';
/** What the ml subgraph's split experiments measure: the share of suggestions accepted. */
export const MODEL_EXPERIMENT_METRIC = 'ml.suggestion_accepted';
/** `:` and 13 digits of epoch ms (until the year 2286). */
const ARCHIVE_SUFFIX_LENGTH = 14;
/** A model experiment's key leaves room for its archived form within the 100 characters of a key. */
export const MAX_MODEL_EXPERIMENT_KEY = 100 - ARCHIVE_SUFFIX_LENGTH;

export function modelExperimentKey(modelName: string): string {
  return MODEL_EXPERIMENT_PREFIX + modelName;
}

/** True when `key` can be a model experiment's key, archived forms included. */
export function isModelExperimentKey(key: string): boolean {
  return (
    key.startsWith(MODEL_EXPERIMENT_PREFIX) &&
    key.length <= MAX_MODEL_EXPERIMENT_KEY &&
    EXPERIMENT_KEY.test(key)
  );
}

/**
 * Where a split's earlier experiment goes when the split changes: `model:<name>:<epoch ms of the
 * change>`, so that `experiment(key)` still reads its results and the key says when it ended.
 */
export function archivedExperimentKey(key: string, changedAt: Date): string {
  return `${key}:${changedAt.getTime()}`;
}
