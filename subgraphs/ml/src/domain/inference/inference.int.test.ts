import { createRedis } from '@ukp/kit';
import { dataOf, errorCode, testRedisUrl } from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallExamples } from '../../testing/corpus.js';
import { BATCH_PREDICT, MODEL, PREDICT, SET_ALIAS, TRAIN, trainAndWait } from '../../testing/operations.js';
import { report } from '../../testing/report.js';
import { type MlFixture, startMl, type TestCaller } from '../../testing/server-fixture.js';
import { staticCorpus } from '../training/corpus.js';
import { textHash } from './prediction-cache.js';

const examples = smallExamples(160, 21);
const corpus = staticCorpus(examples);
let a: MlFixture;
let b: MlFixture;
let admin: TestCaller;
let viewer: TestCaller;
const NAME = 'infer-tags';

interface PredictionData {
  label: string;
  confidence: number;
  cached: boolean;
  scores: Array<{ label: string; probability: number }>;
  explanation: Array<{ feature: string; weight: number }>;
  model: { id: string; version: number };
}

const predict = (fx: MlFixture, text: string, extra: Record<string, unknown> = {}, token = viewer.token) =>
  fx.query<{ predict: PredictionData }>(PREDICT, { model: NAME, text, ...extra }, token);

beforeAll(async () => {
  a = await startMl({ corpus });
  b = await startMl({ sameAs: a, corpus });
  admin = await a.user(['ADMIN']);
  viewer = await a.user(['VIEWER']);
  for (const seed of [1, 2])
    expect((await trainAndWait(a, admin, { name: NAME, seed })).end.status).toBe('READY');
  dataOf(await a.query(SET_ALIAS, { name: NAME, version: 1, alias: 'production' }, admin.token));
}, 60_000);
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

describe('predict', () => {
  it('answers with production: label, probabilities, an explanation; then from the cache', async () => {
    const text = examples[0]!.text;
    const first = dataOf(await predict(a, text)).predict;
    expect(first.model.version).toBe(1);
    expect(first.cached).toBe(false);
    expect(first.scores[0]).toEqual({ label: first.label, probability: first.confidence });
    expect(first.scores.map((s) => s.probability)).toEqual(
      [...first.scores.map((s) => s.probability)].sort((x, y) => y - x),
    );
    expect(first.explanation.length).toBeGreaterThan(0);
    expect(examples[0]!.labels).toContain(first.label);

    const second = dataOf(await predict(a, text)).predict;
    expect(second).toEqual({ ...first, cached: true });
    // In Redis under the documented key, with its TTL, for the other instances.
    const redis = await createRedis({ url: testRedisUrl, commandTimeoutMs: 2000 });
    try {
      const key = `${a.env.REDIS_KEY_PREFIX}ml:pred:${first.model.id}:${textHash(text)}`;
      expect(await redis.exists(key)).toBe(1);
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(3500);
      expect(ttl).toBeLessThanOrEqual(3600);
    } finally {
      redis.disconnect();
    }
    // Another instance has an empty LRU: it is served from Redis.
    const other = dataOf(await predict(b, text)).predict;
    expect(other).toEqual({ ...first, cached: true });
  });

  it('pins a version; NOT_FOUND for unknown models, versions and aliases', async () => {
    const pinned = dataOf(await predict(a, 'a postgres replica and its vacuum', { version: 2 })).predict;
    expect(pinned.model.version).toBe(2);
    expect(errorCode(await a.query(PREDICT, { model: 'no-such-model', text: 'x' }, viewer.token))).toBe(
      'NOT_FOUND',
    );
    expect(errorCode(await a.query(PREDICT, { model: 'Bad Name', text: 'x' }, viewer.token))).toBe(
      'NOT_FOUND',
    );
    expect(errorCode(await predict(a, 'x', { version: 42 }))).toBe('NOT_FOUND');
    const noProduction = await a.query(PREDICT, { model: 'untrained', text: 'x' }, viewer.token);
    expect(noProduction.body.errors?.[0]?.message).toMatch(/Alias production of model untrained not found/);
  });

  it('refuses a version that is not READY with BAD_USER_INPUT', async () => {
    const train = dataOf(
      await a.query<{ trainModel: { id: string; model: { version: number } } }>(
        TRAIN,
        { input: { name: NAME, algorithm: 'LOGISTIC_REGRESSION' } },
        admin.token,
      ),
    ).trainModel;
    // Still TRAINING (or READY already on a fast machine): either way no NOT_FOUND, no crash.
    const result = await predict(a, 'x', { version: train.model.version });
    if (result.body.errors)
      expect(result.body.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'version' });
    await a.server.training.done(train.id);
  });

  it('refuses texts over ML_MAX_TEXT_BYTES and callers not signed in', async () => {
    const tooLong = 'é'.repeat(51_201); // 102,402 bytes
    expect((await predict(a, tooLong)).body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'text',
    });
    expect(dataOf(await predict(a, 'é'.repeat(51_200))).predict.label).toBeTruthy();
    expect(errorCode(await a.query(PREDICT, { model: NAME, text: 'x' }))).toBe('UNAUTHENTICATED');
  });
});

describe('batchPredict', () => {
  it('answers every text in order with one version, cached ones marked', async () => {
    const texts = examples.slice(10, 60).map((e) => e.text);
    const cachedText = examples[0]!.text; // cached by the first test
    const result = dataOf(
      await a.query<{ batchPredict: Array<{ label: string; cached: boolean; model: { version: number } }> }>(
        BATCH_PREDICT,
        { model: NAME, texts: [...texts, cachedText, texts[0]] },
        viewer.token,
      ),
    ).batchPredict;
    expect(result).toHaveLength(texts.length + 2);
    expect(result.every((p) => p.model.version === 1)).toBe(true);
    expect(result.at(-2)!.cached).toBe(true);
    expect(result.slice(0, texts.length).every((p) => !p.cached)).toBe(true);
    expect(result.at(-1)).toEqual(result[0]);
    const correct = result
      .slice(0, texts.length)
      .filter((p, i) => examples[10 + i]!.labels.includes(p.label)).length;
    expect(correct / texts.length).toBeGreaterThan(0.7);
  });

  it('takes 1,000 texts and refuses 1,001 or a text too long', async () => {
    const many = Array.from(
      { length: 1000 },
      (_, i) => `${examples[i % examples.length]!.text.slice(0, 300)} ${i}`,
    );
    const started = performance.now();
    const ok = await a.query<{ batchPredict: unknown[] }>(
      BATCH_PREDICT,
      { model: NAME, texts: many },
      viewer.token,
    );
    const ms = performance.now() - started;
    expect(dataOf(ok).batchPredict).toHaveLength(1000);
    report(`batchPredict of 1,000 short texts over HTTP, cold: ${Math.round(ms)} ms`);
    const over = await a.query(BATCH_PREDICT, { model: NAME, texts: [...many, 'one more'] }, viewer.token);
    expect(over.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'texts' });
    const long = await a.query(
      BATCH_PREDICT,
      { model: NAME, texts: ['fine', 'x'.repeat(102_401)] },
      viewer.token,
    );
    expect(long.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/texts\[1\]/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(
      dataOf(
        await a.query<{ batchPredict: unknown[] }>(BATCH_PREDICT, { model: NAME, texts: [] }, viewer.token),
      ).batchPredict,
    ).toEqual([]);
    expect(errorCode(await a.query(BATCH_PREDICT, { model: 'nope', texts: ['x'] }, viewer.token))).toBe(
      'NOT_FOUND',
    );
  });

  it('in-process predict latency (warm model, cache miss and hit)', async () => {
    const texts = examples.slice(0, 200).map((e) => `${e.text} latency`);
    const model = await a.server.inference.resolve(NAME);
    await a.server.inference.predictWith(model, ['warm up']);
    const time = async (): Promise<number[]> => {
      const out: number[] = [];
      for (const text of texts) {
        const t = performance.now();
        await a.server.inference.predict(NAME, text);
        out.push(performance.now() - t);
      }
      return out.sort((x, y) => x - y);
    };
    const misses = await time();
    const hits = await time();
    const pct = (xs: number[], p: number) =>
      xs[Math.min(xs.length - 1, Math.floor(xs.length * p))]!.toFixed(3);
    report(
      `in-process predict (${texts.length} texts of ~130 words): miss p50 ${pct(misses, 0.5)} ms p99 ${pct(misses, 0.99)} ms; hit p50 ${pct(hits, 0.5)} ms p99 ${pct(hits, 0.99)} ms`,
    );
    expect(Number(pct(hits, 0.5))).toBeLessThan(Number(pct(misses, 0.5)));
  });
});

describe('alias moves', () => {
  it('serve the new version at once on this instance and on another one', async () => {
    const text = examples[3]!.text;
    // Both instances resolve production (v1) and cache that.
    expect(dataOf(await predict(a, text)).predict.model.version).toBe(1);
    expect(dataOf(await predict(b, text)).predict.model.version).toBe(1);
    dataOf(
      await a.query(SET_ALIAS, { name: NAME, version: 2, alias: 'production', force: true }, admin.token),
    );
    // This instance forgot the alias before the mutation answered.
    const here = dataOf(await predict(a, text)).predict;
    expect(here.model.version).toBe(2);
    expect(here.cached).toBe(false); // a new version: a new cache key
    // The other heard `ml.alias_moved` (well within the 60 s backstop of the alias cache).
    const deadline = Date.now() + 3000;
    let there = dataOf(await predict(b, text)).predict;
    while (there.model.version !== 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      there = dataOf(await predict(b, text)).predict;
    }
    expect(there.model.version).toBe(2);
    expect(there.cached).toBe(true); // a computed it for v2 a moment ago: Redis has it
    const model = dataOf(
      await a.query<{ model: { servedCount: number } }>(MODEL, { name: NAME, version: 2 }, viewer.token),
    );
    expect(model.model.servedCount).toBeGreaterThan(0);
  });
});

describe('without Redis', () => {
  it('caches in process only', async () => {
    const solo = await startMl({ redis: false, corpus });
    try {
      const admin2 = await solo.user(['ADMIN']);
      expect((await trainAndWait(solo, admin2, { name: NAME })).end.status).toBe('READY');
      dataOf(await solo.query(SET_ALIAS, { name: NAME, version: 1, alias: 'production' }, admin2.token));
      const text = examples[5]!.text;
      expect(
        dataOf(await solo.query<{ predict: PredictionData }>(PREDICT, { model: NAME, text }, admin2.token))
          .predict.cached,
      ).toBe(false);
      expect(
        dataOf(await solo.query<{ predict: PredictionData }>(PREDICT, { model: NAME, text }, admin2.token))
          .predict.cached,
      ).toBe(true);
    } finally {
      await solo.stop();
    }
  });
});
