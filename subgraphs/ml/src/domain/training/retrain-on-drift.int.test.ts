import { rowsOf } from '@ukp/kit';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { shuffledLabels, smallExamples } from '../../testing/corpus.js';
import { SET_ALIAS, trainAndWait } from '../../testing/operations.js';
import { type MlFixture, startMl, type TestCaller } from '../../testing/server-fixture.js';
import type { Example } from '../learn/index.js';
import { DRIFT_MIN_SAMPLE, DRIFT_TOPIC, type DriftEvent } from '../monitoring/drift.js';
import { staticCorpus } from './corpus.js';

const NAME = 'drift-tags';
const good = smallExamples(200, 13);
const chance = shuffledLabels(good, 5);

/**
 * The documents training reads: `good` unless reads are queued with `next` (each queued list
 * answers one read). The promotion gate reads the documents after training, so a queued list
 * decides what the retraining learns while the gate scores both versions on `good`.
 */
function scriptedCorpus() {
  const queue: Example[][] = [];
  return {
    examples: () => staticCorpus(queue.shift() ?? good).examples(),
    next(examples: Example[]) {
      queue.push(examples);
    },
  };
}

/** Texts made of words no model here has seen: the out-of-vocabulary rate drifts. */
const unknownTexts = Array.from({ length: DRIFT_MIN_SAMPLE + 50 }, (_, i) =>
  Array.from({ length: 40 }, (_, k) => `zq${i}x${k}vv`).join(' '),
);

const fixtures: MlFixture[] = [];
afterEach(async () => {
  for (const fx of fixtures.splice(0).reverse()) await fx.stop();
});

interface Started {
  ml: MlFixture;
  admin: TestCaller;
  corpus: ReturnType<typeof scriptedCorpus>;
}

/** An ml server whose `drift-tags` v1 (trained on `v1Examples`) is production. */
async function withProduction(v1Examples: Example[], retrain: boolean): Promise<Started> {
  const corpus = scriptedCorpus();
  const ml = await startMl({
    corpus,
    env: { ML_RETRAIN_ON_DRIFT: String(retrain), ML_DRIFT_RETRAIN_COOLDOWN_MS: '600000' },
  });
  fixtures.push(ml);
  const admin = await ml.user(['ADMIN']);
  corpus.next(v1Examples);
  expect((await trainAndWait(ml, admin, { name: NAME, seed: 3 })).end.status).toBe('READY');
  const moved = await ml.query(SET_ALIAS, { name: NAME, version: 1, alias: 'production' }, admin.token);
  expect(moved.body.errors).toBeUndefined();
  return { ml, admin, corpus };
}

/** Drifted traffic on production, then the drift check that publishes it; resolves with the event. */
async function drift(ml: MlFixture): Promise<DriftEvent> {
  let heard!: (event: DriftEvent) => void;
  const event = new Promise<DriftEvent>((resolve) => {
    heard = resolve;
  });
  const unsubscribe = await ml.server.deps.bus.subscribe<DriftEvent>(DRIFT_TOPIC, (e) => heard(e.data));
  try {
    await ml.server.inference.batchPredict(NAME, unknownTexts);
    const report = await ml.server.drift.report(NAME);
    expect(report.drifted).toBe(true);
    return await event;
  } finally {
    await unsubscribe();
  }
}

const versions = async (ml: MlFixture) =>
  rowsOf<{ version: number; status: string; requested_by: string; aliases: string[] }>(
    await ml.server.deps.db.execute(sql`
      select v.version, v.status, v.requested_by,
             coalesce(array_agg(a.alias order by a.alias) filter (where a.alias is not null), '{}') as aliases
      from ml.model_versions v left join ml.aliases a on a.model_id = v.id
      where v.name = ${NAME} group by v.id order by v.version`),
  );

/** Waits until version 2 has an alias (the retraining's last step) or the deadline passes. */
async function retrained(ml: MlFixture, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const rows = await versions(ml);
    if ((rows[1]?.aliases.length ?? 0) > 0 || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('retraining on drift', () => {
  it('retrains the drifted production version and promotes a better result through the gate', async () => {
    // v1 learnt tags shuffled among the documents; the retraining learns the real ones.
    const { ml } = await withProduction(chance, true);
    const event = await drift(ml);
    expect(event).toMatchObject({ model: NAME, version: 1, threshold: 0.2 });
    expect(event.psi).toBeGreaterThanOrEqual(event.threshold);

    expect(await retrained(ml)).toEqual([
      { version: 1, status: 'READY', requested_by: expect.any(String), aliases: [] },
      { version: 2, status: 'READY', requested_by: 'system', aliases: ['production'] },
    ]);
    const [v2] = rowsOf<{ algorithm: string; seed: number }>(
      await ml.server.deps.db.execute(
        sql`select algorithm, (hyper_parameters->>'seed')::int as seed from ml.model_versions where name = ${NAME} and version = 2`,
      ),
    );
    expect(v2).toEqual({ algorithm: 'LOGISTIC_REGRESSION', seed: 3 });
    const audit = rowsOf<{ actor: string; forced: boolean; from_version: number; macro_f1_delta: number }>(
      await ml.server.deps.db.execute(sql`
        select actor, forced, from_version, (detail->'gate'->'deltas'->>'macroF1')::float8 as macro_f1_delta
        from ml.alias_audit where name = ${NAME} and to_version = 2`),
    );
    expect(audit).toEqual([
      { actor: 'system', forced: false, from_version: 1, macro_f1_delta: expect.any(Number) },
    ]);
    expect(audit[0]!.macro_f1_delta).toBeGreaterThan(0);
    // Predictions follow the new production at once.
    expect((await ml.server.inference.predict(NAME, good[0]!.text)).model.version).toBe(2);
  }, 60_000);

  it('keeps a worse result out of production (as `candidate`), and retrains once within the cooldown', async () => {
    const { ml, corpus } = await withProduction(good, true);
    // The retraining reads tags shuffled among the documents: no better than chance on the real ones.
    corpus.next(chance);
    const event = await drift(ml);
    expect(await retrained(ml)).toEqual([
      { version: 1, status: 'READY', requested_by: expect.any(String), aliases: ['production'] },
      { version: 2, status: 'READY', requested_by: 'system', aliases: ['candidate'] },
    ]);
    expect((await ml.server.inference.predict(NAME, good[0]!.text)).model.version).toBe(1);

    // The same detection again (another instance's, or the next hour's): within the cooldown, nothing starts.
    await ml.server.deps.bus.publish(DRIFT_TOPIC, event);
    await new Promise((r) => setTimeout(r, 300));
    await ml.server.settled();
    expect(await versions(ml)).toHaveLength(2);
  }, 60_000);

  it('starts nothing when ML_RETRAIN_ON_DRIFT is off', async () => {
    const { ml } = await withProduction(chance, false);
    await drift(ml);
    // The event was delivered (above); give a subscriber the same time it had in the tests above.
    await new Promise((r) => setTimeout(r, 300));
    await ml.server.settled();
    expect(await versions(ml)).toEqual([
      { version: 1, status: 'READY', requested_by: expect.any(String), aliases: ['production'] },
    ]);
  }, 60_000);
});
