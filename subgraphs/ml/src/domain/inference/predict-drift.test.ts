import { createMemoryBus, silentLogger } from '@ukp/kit';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../learn/model.js';
import { syntheticCorpus } from '../learn/testing/synthetic-corpus.js';
import { train } from '../learn/train.js';
import { createDriftMonitor } from '../monitoring/drift.js';
import type { ModelRecord } from '../registry/model-record.js';
import { createDriftBinsCache } from './drift-bins-cache.js';
import { createExposures } from './exposures.js';
import { createModelCache } from './model-cache.js';
import { createInference } from './predict.js';
import { createPredictionCache } from './prediction-cache.js';
import { createServedCounts } from './served-counts.js';

const options = { documents: 120, topicShare: 0.05, minWords: 40, maxWords: 300 };
const trained = loadModel(
  train(syntheticCorpus({ seed: 3, ...options }), { algorithm: 'NAIVE_BAYES', seed: 1 }).artifact,
);
const record = { id: 'v1', name: 'document-tags', version: 1, status: 'READY' } as ModelRecord;
/** Texts of the model's distribution, and long ones of words it never saw: several length and OOV bins. */
const texts = [
  ...syntheticCorpus({ seed: 4, ...options, documents: 30 }).map((e) => e.text),
  ...Array.from({ length: 10 }, (_, i) =>
    Array.from({ length: 40 * (i + 1) }, (_, w) => `zq${w}x`).join(' '),
  ),
];

/** In-process inference over one version, counting how often texts are binned for drift. */
function setup() {
  let binned = 0;
  const loaded = {
    ...trained,
    featureStatsOfTerms: (lists: readonly (readonly string[])[]) => {
      binned += lists.length;
      return trained.featureStatsOfTerms(lists);
    },
  };
  const logger = silentLogger();
  const bus = createMemoryBus();
  const drift = createDriftMonitor({
    bus,
    logger,
    now: () => new Date('2026-12-01T10:00:00Z'),
    threshold: 0.2,
    production: async () => record,
    load: async () => loaded,
  });
  const inference = createInference({
    // Never reached: every call names the model by alias, and the alias cache below answers.
    db: {} as never,
    aliases: { resolve: async () => record, invalidate: () => {}, listen: async () => async () => {} },
    splits: { resolve: async () => [], invalidate: () => {}, listen: async () => async () => {} },
    models: createModelCache(async () => loaded, 1),
    cache: createPredictionCache({ size: 1000, ttlSeconds: 60, prefix: 'test:', logger }),
    // Counts only until flushed, and this test never flushes.
    served: createServedCounts({} as never, logger),
    exposures: createExposures({ bus, logger, now: () => new Date() }),
    maxTextBytes: 1_000_000,
    drift,
    driftBins: createDriftBinsCache(1000),
  });
  return { inference, drift, binned: () => binned };
}

describe('predict: drift of cached answers', () => {
  it('adds a cache hit to the drift window with the bins its first answer had, without binning again', async () => {
    const { inference, drift, binned } = setup();
    const first = await inference.batchPredict(record.name, texts);
    expect(first.every((p) => !p.cached)).toBe(true);
    expect(binned()).toBe(texts.length);
    const once = await drift.report(record.name);

    const again = await inference.batchPredict(record.name, texts);
    expect(again.every((p) => p.cached)).toBe(true);
    expect(binned()).toBe(texts.length);
    const twice = await drift.report(record.name);
    // Every text counted twice: the same shares in every bin, so the same indices.
    expect(twice.sampleSize).toBe(2 * once.sampleSize);
    expect(twice.lengthPsi).toBeCloseTo(once.lengthPsi, 12);
    expect(twice.oovPsi).toBeCloseTo(once.oovPsi, 12);
    expect(twice.labelPsi).toBeCloseTo(once.labelPsi, 12);
    expect(once.oovPsi).toBeGreaterThan(0);
  });
});
