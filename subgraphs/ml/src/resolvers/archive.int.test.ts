import { dataOf, errorCode } from '@ukp/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateVersion } from '../domain/registry/versions.js';
import { mutableCorpus, smallExamples } from '../testing/corpus.js';
import { MODEL, PREDICT, SET_ALIAS, trainAndWait } from '../testing/operations.js';
import { type MlFixture, startMl, type TestCaller } from '../testing/server-fixture.js';

const ARCHIVE = `mutation Archive($name: String!, $version: Int!) {
  archiveModel(name: $name, version: $version) { id version status aliases }
}`;

const NAME = 'archive-tags';
const examples = smallExamples(160, 23);
let ml: MlFixture;
/** A second instance over the same database and Redis: it hears archives on the bus. */
let other: MlFixture;
let admin: TestCaller;
let viewer: TestCaller;

beforeAll(async () => {
  ml = await startMl({ corpus: mutableCorpus(examples) });
  other = await startMl({ sameAs: ml, corpus: mutableCorpus(examples) });
  admin = await ml.user(['ADMIN']);
  viewer = await ml.user(['VIEWER']);
  for (const seed of [1, 2, 3])
    expect((await trainAndWait(ml, admin, { name: NAME, seed })).end.status).toBe('READY');
  dataOf(await ml.query(SET_ALIAS, { name: NAME, version: 1, alias: 'production' }, admin.token));
}, 60_000);
afterAll(async () => {
  await other?.stop();
  await ml?.stop();
});

type Archived = { archiveModel: { id: string; version: number; status: string; aliases: string[] } };
const archive = (version: number, name = NAME, token = admin.token) =>
  ml.query<Archived>(ARCHIVE, { name, version }, token);

describe('archiveModel', () => {
  it('retires a version nothing points at: it stops serving and takes no alias', async () => {
    // Served (and its decoded model cached) on both instances before it is archived.
    const served = await Promise.all(
      [ml, other].map(async (instance) =>
        dataOf(
          await instance.query<{ predict: { model: { id: string; version: number } } }>(
            PREDICT,
            { model: NAME, text: examples[0]!.text, version: 2 },
            viewer.token,
          ),
        ),
      ),
    );
    expect(served.map((d) => d.predict.model.version)).toEqual([2, 2]);
    const id = served[0]!.predict.model.id;
    expect(ml.server.models.has(id)).toBe(true);
    expect(other.server.models.has(id)).toBe(true);

    expect(dataOf(await archive(2)).archiveModel).toMatchObject({
      id,
      version: 2,
      status: 'ARCHIVED',
      aliases: [],
    });
    // Evicted here before the mutation answered, and on the other instance once it hears of it.
    expect(ml.server.models.has(id)).toBe(false);
    await expect.poll(() => other.server.models.has(id), { timeout: 3000 }).toBe(false);

    const pinned = await ml.query(
      PREDICT,
      { model: NAME, text: examples[0]!.text, version: 2 },
      viewer.token,
    );
    expect(errorCode(pinned)).toBe('BAD_USER_INPUT');
    expect(pinned.body.errors?.[0]?.message).toMatch(/v2 is ARCHIVED/);
    const aliased = await ml.query(SET_ALIAS, { name: NAME, version: 2, alias: 'candidate' }, admin.token);
    expect(errorCode(aliased)).toBe('BAD_USER_INPUT');
    const read = dataOf(
      await ml.query<{ model: { status: string } }>(MODEL, { name: NAME, version: 2 }, viewer.token),
    );
    expect(read.model.status).toBe('ARCHIVED');
    // Again: unchanged, not an error.
    expect(dataOf(await archive(2)).archiveModel.status).toBe('ARCHIVED');
  });

  it('refuses a version an alias points at with CONFLICT naming the aliases', async () => {
    const result = await archive(1);
    expect(errorCode(result)).toBe('CONFLICT');
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ reason: 'ALIASED', aliases: ['production'] });
    expect(result.body.data).toBeNull();
  });

  it('refuses a version in the traffic split with CONFLICT', async () => {
    const { db } = ml.server.deps;
    await db.execute(sql`
      insert into ml.traffic_splits (name, model_id, version, weight)
      select name, id, version, 1 from ml.model_versions where name = ${NAME} and version = 3`);
    try {
      const result = await archive(3);
      expect(errorCode(result)).toBe('CONFLICT');
      expect(result.body.errors?.[0]?.extensions).toMatchObject({ reason: 'IN_TRAFFIC_SPLIT' });
    } finally {
      await db.execute(sql`delete from ml.traffic_splits where name = ${NAME}`);
    }
    const status = dataOf(
      await ml.query<{ model: { status: string } }>(MODEL, { name: NAME, version: 3 }, viewer.token),
    );
    expect(status.model.status).toBe('READY');
  });

  it('refuses a version still TRAINING with BAD_USER_INPUT', async () => {
    const training = await allocateVersion(ml.server.deps.db, {
      name: NAME,
      algorithm: 'NAIVE_BAYES',
      requestedBy: admin.id,
    });
    const result = await archive(training!.version);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ field: 'version' });
  });

  it('answers NOT_FOUND for an unknown version or name, and FORBIDDEN to a non-admin', async () => {
    expect(errorCode(await archive(99))).toBe('NOT_FOUND');
    expect(errorCode(await archive(1, 'no-such-model'))).toBe('NOT_FOUND');
    expect(errorCode(await archive(1, 'Not A Name'))).toBe('NOT_FOUND');
    expect(errorCode(await archive(3, NAME, viewer.token))).toBe('FORBIDDEN');
  });
});
