import { Counter, Histogram, type MetricsRegistry } from '@ukp/kit';
import type { ModelRecord } from '../registry/model-record.js';

/** From a cached answer (~0.1 ms) to a cold batch of 1,000 long texts (seconds). */
const SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type PredictWith<R extends { cached: boolean }> = (
  model: ModelRecord,
  texts: readonly string[],
) => Promise<R[]>;

/**
 * Serving metrics on the subgraph's `/metrics`: predictions by version and by whether the cache
 * answered, and the time of each prediction pass. Labelled by version, not by caller or text, so
 * the series stay few (a name has a handful of versions serving at once).
 */
export function createPredictionMetrics(registry: MetricsRegistry) {
  const registers = [registry];
  const predictions = new Counter({
    name: 'ukp_ml_predictions_total',
    help: 'Texts predicted, by model, version and whether the prediction cache answered.',
    labelNames: ['model', 'version', 'cached'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'ukp_ml_predict_duration_seconds',
    help: 'Time of one prediction pass of a version (one call: a predict, a batch, a list of suggestions).',
    labelNames: ['model', 'version'] as const,
    buckets: SECONDS,
    registers,
  });

  return {
    /** `predictWith`, counted: one duration per call, one count per text. */
    wrap<R extends { cached: boolean }>(predictWith: PredictWith<R>): PredictWith<R> {
      return async (model, texts) => {
        const started = performance.now();
        const results = await predictWith(model, texts);
        if (texts.length === 0) return results;
        const version = String(model.version);
        duration.observe({ model: model.name, version }, (performance.now() - started) / 1000);
        const hits = results.reduce((n, r) => n + (r.cached ? 1 : 0), 0);
        if (hits > 0) predictions.inc({ model: model.name, version, cached: 'true' }, hits);
        if (hits < results.length)
          predictions.inc({ model: model.name, version, cached: 'false' }, results.length - hits);
        return results;
      };
    },
  };
}

export type PredictionMetrics = ReturnType<typeof createPredictionMetrics>;
