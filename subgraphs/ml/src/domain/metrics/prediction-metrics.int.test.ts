import { dataOf } from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutableCorpus, smallExamples } from '../../testing/corpus.js';
import { BATCH_PREDICT, PREDICT, SET_ALIAS, trainAndWait } from '../../testing/operations.js';
import { type MlFixture, startMl, type TestCaller } from '../../testing/server-fixture.js';

const NAME = 'metrics-tags';
const examples = smallExamples(160, 17);
let ml: MlFixture;
let user: TestCaller;

beforeAll(async () => {
  ml = await startMl({ corpus: mutableCorpus(examples) });
  const admin = await ml.user(['ADMIN']);
  user = await ml.user(['VIEWER']);
  expect((await trainAndWait(ml, admin, { name: NAME })).end.status).toBe('READY');
  dataOf(await ml.query(SET_ALIAS, { name: NAME, version: 1, alias: 'production' }, admin.token));
}, 60_000);
afterAll(() => ml?.stop());

/** The samples of one metric in Prometheus' text format, by their label set as written. */
function samples(body: string, metric: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of body.split('\n')) {
    const match = /^(\S+?)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match?.[1] === metric) out.set(match[2] ?? '', Number(match[3]));
  }
  return out;
}

describe('prediction metrics on /metrics', () => {
  it('counts texts by version and cache, and times each prediction pass', async () => {
    const [a, b, c] = examples.map((e) => e.text);
    // a: computed, then from the cache; the batch computes b and c and finds a cached.
    for (const text of [a, a]) dataOf(await ml.query(PREDICT, { model: NAME, text }, user.token));
    dataOf(await ml.query(BATCH_PREDICT, { model: NAME, texts: [b, c, a] }, user.token));

    const res = await fetch(new URL('/metrics', ml.server.url));
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(samples(body, 'ukp_ml_predictions_total')).toEqual(
      new Map([
        [`{model="${NAME}",version="1",cached="false"}`, 3],
        [`{model="${NAME}",version="1",cached="true"}`, 2],
      ]),
    );
    // One observation per call (2 predicts, 1 batch), whatever the number of texts.
    expect(samples(body, 'ukp_ml_predict_duration_seconds_count')).toEqual(
      new Map([[`{model="${NAME}",version="1"}`, 3]]),
    );
    const [sum] = samples(body, 'ukp_ml_predict_duration_seconds_sum').values();
    expect(sum).toBeGreaterThan(0);
    // The process's default metrics come along.
    expect(body).toMatch(/^ukp_process_resident_memory_bytes \d/m);
  });
});
