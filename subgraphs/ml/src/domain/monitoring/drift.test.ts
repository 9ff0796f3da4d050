import { errors, silentLogger } from '@ukp/kit';
import { terms } from '@ukp/text';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../learn/model.js';
import { syntheticCorpus } from '../learn/testing/synthetic-corpus.js';
import { train } from '../learn/train.js';
import type { ModelRecord } from '../registry/model-record.js';
import { createDriftMonitor, DRIFT_MIN_SAMPLE, DRIFT_TOPIC, type DriftEvent } from './drift.js';
import { DriftWindow } from './window.js';

const options = { documents: 200, topicShare: 0.03, maxWords: 1000 };
const loaded = loadModel(
  train(syntheticCorpus({ seed: 7, ...options }), { algorithm: 'LOGISTIC_REGRESSION', seed: 1 }).artifact,
);
const record = { id: 'v1', name: 'document-tags', version: 1 } as ModelRecord;
const fresh = syntheticCorpus({ seed: 8, ...options, documents: 300 }).map((e) => e.text);
/** Very long texts of words the model never saw. */
const shifted = Array.from({ length: 300 }, (_, i) =>
  Array.from({ length: 1500 }, (_, w) => `zq${i}unheard${w}word`).join(' '),
);

function setup(now = new Date('2026-12-01T10:00:00Z')) {
  const published: Array<{ topic: string; data: DriftEvent }> = [];
  const clock = { now };
  const monitor = createDriftMonitor({
    bus: {
      publish: async (topic: string, data: unknown) =>
        void published.push({ topic, data: data as DriftEvent }),
    } as never,
    logger: silentLogger(),
    now: () => clock.now,
    threshold: 0.2,
    production: async (name) => {
      if (name !== record.name) throw errors.notFound(`Alias production of model ${name}`);
      return record;
    },
    load: async () => loaded,
  });
  const send = (texts: readonly string[]) => {
    const termLists = texts.map((t) => terms(t));
    monitor.record(record, loaded, termLists, loaded.predictTerms(termLists));
  };
  return { monitor, published, clock, send };
}

describe('drift monitor', () => {
  it('finds no drift in requests from the training distribution', async () => {
    const { monitor, send, published } = setup();
    send(fresh);
    const report = await monitor.report('document-tags');
    expect(report.sampleSize).toBe(300);
    expect(report.psi).toBeLessThan(0.2);
    expect(report.psi).toBe(Math.max(report.labelPsi, report.lengthPsi, report.oovPsi));
    expect(report.drifted).toBe(false);
    expect(published).toEqual([]);
  });

  it('finds long texts of unknown words drifted, and publishes it once', async () => {
    const { monitor, send, published, clock } = setup();
    const start = clock.now;
    send(shifted.slice(0, 250));
    clock.now = new Date(start.getTime() + 60_000);
    const report = await monitor.report('document-tags');
    expect(report.drifted).toBe(true);
    expect(report.psi).toBeGreaterThanOrEqual(0.2);
    expect(report.oovPsi).toBeGreaterThanOrEqual(0.2);
    expect(report.lengthPsi).toBeGreaterThanOrEqual(0.2);
    expect(report.sampleSize).toBe(250);
    expect(report.windowStart).toEqual(start);
    await monitor.report('document-tags');
    await monitor.checkAll();
    expect(published).toHaveLength(1);
    expect(published[0]!.topic).toBe(DRIFT_TOPIC);
    expect(published[0]!.data).toMatchObject({
      model: 'document-tags',
      version: 1,
      sampleSize: 250,
      psi: report.psi,
      threshold: 0.2,
      at: clock.now.toISOString(),
    });
  });

  it('does not call a small sample drifted, however large its PSI', async () => {
    const { monitor, send, published } = setup();
    send(shifted.slice(0, DRIFT_MIN_SAMPLE - 1));
    const report = await monitor.report('document-tags');
    expect(report.psi).toBeGreaterThanOrEqual(0.2);
    expect(report.drifted).toBe(false);
    expect(published).toEqual([]);
  });

  it('answers NOT_FOUND without a production version, and an empty report without requests', async () => {
    const { monitor, clock } = setup();
    await expect(monitor.report('other')).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    const empty = await monitor.report('document-tags');
    expect(empty).toMatchObject({ psi: 0, sampleSize: 0, drifted: false, windowStart: clock.now });
  });
});

describe('drift window', () => {
  it('keeps the last `capacity` requests no older than `maxAgeMs`, counts and all', () => {
    const w = new DriftWindow({ labels: 2, length: 3, oov: 2 }, 3, 1000);
    w.record(0, 0, 0, 0);
    w.record(10, 1, 1, 1);
    w.record(20, 1, 2, 1);
    w.record(30, 0, 2, 0);
    expect(w.sampleSize).toBe(3);
    expect(w.labelCounts).toEqual([1, 2]);
    expect(w.lengthCounts).toEqual([0, 1, 2]);
    expect(w.oldestMs).toBe(10);
    w.evict(1025);
    expect(w.sampleSize).toBe(1);
    expect(w.labelCounts).toEqual([1, 0]);
    expect(w.oovCounts).toEqual([1, 0]);
    w.evict(5000);
    expect(w.sampleSize).toBe(0);
    expect(w.oldestMs).toBeNull();
  });
});
