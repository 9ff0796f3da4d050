import { pickVariant } from '@ukp/kit';
import { dataOf, errorCode } from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { modelVersions } from '../../db/schema.js';
import { smallExamples } from '../../testing/corpus.js';
import { BATCH_PREDICT, PREDICT, SET_ALIAS, trainAndWait } from '../../testing/operations.js';
import { type MlFixture, startMl, type TestCaller } from '../../testing/server-fixture.js';
import { ML_TOPICS, type ModelServedEvent, type TrafficSplitSetEvent } from '../topics.js';
import { staticCorpus } from '../training/corpus.js';

const corpus = staticCorpus(smallExamples(160, 5));
const NAME = 'split-tags';
let a: MlFixture;
let b: MlFixture;
let admin: TestCaller;
let viewer: TestCaller;
const served: ModelServedEvent[] = [];
const splitsSet: TrafficSplitSetEvent[] = [];
const stops: Array<() => Promise<void>> = [];

const SET_SPLIT = `mutation Split($name: String!, $split: [VersionWeightInput!]!) {
  setTrafficSplit(name: $name, split: $split) { version trafficWeight }
}`;
const MODELS = `query Models($name: String) { models(name: $name) { version trafficWeight servedCount } }`;

type Split = Array<{ version: number; weight: number }>;
const setSplit = (split: Split, token = admin.token, name = NAME) =>
  a.query<{ setTrafficSplit: Array<{ version: number; trafficWeight: number | null }> }>(
    SET_SPLIT,
    { name, split },
    token,
  );

async function models(fx: MlFixture = a) {
  const list = dataOf(
    await fx.query<{ models: Array<{ version: number; trafficWeight: number | null; servedCount: number }> }>(
      MODELS,
      { name: NAME },
      viewer.token,
    ),
  ).models;
  return new Map(list.map((m) => [m.version, m]));
}

async function predictedVersion(fx: MlFixture, caller: TestCaller, text = 'a replica and its vacuum') {
  const result = await fx.query<{ predict: { model: { version: number } } }>(
    PREDICT,
    { model: NAME, text },
    caller.token,
  );
  return dataOf(result).predict.model.version;
}

/** The version a split (in version order) gives `userId`, computed independently of the server. */
const expectedVersion = (split: Split, userId: string) => {
  const ordered = [...split].sort((x, y) => x.version - y.version);
  return ordered[
    pickVariant(
      `model:${NAME}`,
      userId,
      ordered.map((s) => s.weight),
    )
  ]!.version;
};

beforeAll(async () => {
  a = await startMl({ corpus });
  // b never flushes its served counts during the test, so a's figures move only with a's serving.
  b = await startMl({ sameAs: a, corpus, env: { ML_SERVED_FLUSH_MS: '3600000' } });
  admin = await a.user(['ADMIN']);
  viewer = await a.user(['VIEWER']);
  for (const seed of [1, 2, 3])
    expect((await trainAndWait(a, admin, { name: NAME, seed })).end.status).toBe('READY');
  dataOf(await a.query(SET_ALIAS, { name: NAME, version: 1, alias: 'production' }, admin.token));
  // Version 4 failed: it exists, and is not READY.
  await a.server.deps.db.insert(modelVersions).values({
    name: NAME,
    version: 4,
    algorithm: 'LOGISTIC_REGRESSION',
    status: 'FAILED',
    error: 'test',
    requestedBy: admin.id,
  });
  stops.push(
    await a.server.deps.bus.subscribe<ModelServedEvent>(
      ML_TOPICS.modelServed,
      (e) => void served.push(e.data),
    ),
    await a.server.deps.bus.subscribe<TrafficSplitSetEvent>(
      ML_TOPICS.trafficSplitSet,
      (e) => void splitsSet.push(e.data),
    ),
  );
}, 60_000);
afterAll(async () => {
  for (const stop of stops) await stop();
  await b?.stop();
  await a?.stop();
});

describe('setTrafficSplit', () => {
  it('is for ADMINs only', async () => {
    const fifty = [
      { version: 1, weight: 0.5 },
      { version: 2, weight: 0.5 },
    ];
    expect(errorCode(await setSplit(fifty, viewer.token))).toBe('FORBIDDEN');
    expect(errorCode(await setSplit(fifty, (await a.user(['ANALYST', 'EDITOR'])).token))).toBe('FORBIDDEN');
    expect(errorCode(await a.query(SET_SPLIT, { name: NAME, split: fifty }))).toBe('UNAUTHENTICATED');
    expect([...(await models()).values()].every((m) => m.trafficWeight === null)).toBe(true);
  });

  it.each([
    ['an unknown model', 'NOT_FOUND', 'no-such-model', [1, 2]],
    ['an unknown version', 'NOT_FOUND', NAME, [1, 99]],
    ['a version that is not READY', 'BAD_USER_INPUT', NAME, [1, 4]],
  ] as const)('refuses %s with %s', async (_why, code, name, [x, y]) => {
    const result = await setSplit(
      [
        { version: x, weight: 0.5 },
        { version: y, weight: 0.5 },
      ],
      admin.token,
      name,
    );
    expect(errorCode(result)).toBe(code);
    if (code === 'BAD_USER_INPUT') expect(result.body.errors?.[0]?.extensions?.field).toBe('split');
  });

  it.each([
    ['weights that do not sum to 1', [0.5, 0.4]],
    ['a weight of 0', [0, 1]],
    ['a weight above 1', [1.2, -0.2]],
    ['a single version', [1]],
  ])('refuses %s with BAD_USER_INPUT on split, changing nothing', async (_why, weights) => {
    const result = await setSplit(weights.map((weight, i) => ({ version: i + 1, weight })));
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.body.errors?.[0]?.extensions?.field).toBe('split');
    expect([...(await models()).values()].every((m) => m.trafficWeight === null)).toBe(true);
  });

  it('routes each signed-in user by the split, counts and announces them; replaces and ends it', async () => {
    const users = await Promise.all(Array.from({ length: 24 }, () => a.user(['VIEWER'])));
    // b routes (and caches) before any split: production for everyone.
    for (const user of users.slice(0, 4)) expect(await predictedVersion(b, user)).toBe(1);

    const fifty: Split = [
      { version: 2, weight: 0.5 },
      { version: 1, weight: 0.5 },
    ];
    const before = await models();
    const set = dataOf(await setSplit(fifty)).setTrafficSplit;
    // In the order given, each with its weight.
    expect(set).toEqual([
      { version: 2, trafficWeight: 0.5 },
      { version: 1, trafficWeight: 0.5 },
    ]);
    const listed = await models();
    expect([1, 2, 3].map((v) => listed.get(v)?.trafficWeight)).toEqual([0.5, 0.5, null]);
    await vi.waitFor(() =>
      expect(splitsSet.at(-1)).toMatchObject({
        name: NAME,
        experimentKey: `model:${NAME}`,
        metric: 'ml.suggestion_accepted',
        variants: [
          { name: 'v1', version: 1, weight: 0.5 },
          { name: 'v2', version: 2, weight: 0.5 },
        ],
        actorId: admin.id,
      }),
    );

    const routed = new Map<string, number>();
    for (const user of users) {
      const version = await predictedVersion(a, user);
      expect(version).toBe(expectedVersion(fifty, user.id));
      routed.set(user.id, version);
      // The same user gets the same version again, with batchPredict too, and on another instance.
      expect(await predictedVersion(a, user, 'another text')).toBe(version);
      const batch = dataOf(
        await a.query<{ batchPredict: Array<{ model: { version: number } }> }>(
          BATCH_PREDICT,
          { model: NAME, texts: ['one', 'two'] },
          user.token,
        ),
      ).batchPredict;
      expect(batch.map((p) => p.model.version)).toEqual([version, version]);
    }
    expect(new Set(routed.values())).toEqual(new Set([1, 2]));
    // b cached "no split" above: ml.split_changed makes it route by the split too.
    await vi.waitFor(async () => {
      for (const user of users.slice(0, 4)) expect(await predictedVersion(b, user)).toBe(routed.get(user.id));
    });

    // Each routed call served 4 predictions (predict twice, a batch of 2) of the user's version.
    const after = await models();
    for (const v of [1, 2]) {
      const count = [...routed.values()].filter((r) => r === v).length;
      expect(after.get(v)!.servedCount - before.get(v)!.servedCount).toBe(4 * count);
    }
    // One exposure per user and variant on a (b announces its own once too): no repeats per call.
    await vi.waitFor(() => {
      const fromA = served.filter((e) => routed.has(e.userId));
      const keys = new Set(fromA.map((e) => `${e.userId}:${e.variant}`));
      expect(keys).toEqual(new Set([...routed].map(([id, v]) => `${id}:v${v}`)));
    });
    const perUser = served.filter((e) => e.userId === users[5]!.id);
    expect(perUser).toHaveLength(1);
    expect(perUser[0]).toMatchObject({
      experimentKey: `model:${NAME}`,
      model: NAME,
      version: routed.get(users[5]!.id),
      variant: `v${routed.get(users[5]!.id)}`,
    });
    // A pinned version is not routed, and is not an exposure.
    const pinned = await a.query<{ predict: { model: { version: number } } }>(
      PREDICT,
      { model: NAME, text: 'pinned', version: 3 },
      viewer.token,
    );
    expect(dataOf(pinned).predict.model.version).toBe(3);

    // Replaced: v2 leaves the split, both instances route by the new one.
    const ninety: Split = [
      { version: 1, weight: 0.9 },
      { version: 3, weight: 0.1 },
    ];
    expect(dataOf(await setSplit(ninety)).setTrafficSplit.map((m) => m.version)).toEqual([1, 3]);
    const replaced = await models(b);
    expect([1, 2, 3].map((v) => replaced.get(v)?.trafficWeight)).toEqual([0.9, null, 0.1]);
    for (const user of users) expect(await predictedVersion(a, user)).toBe(expectedVersion(ninety, user.id));
    await vi.waitFor(async () => {
      for (const user of users.slice(0, 4))
        expect(await predictedVersion(b, user)).toBe(expectedVersion(ninety, user.id));
    });

    // Ended: production for everyone, no weights, and analytics told with no variants.
    expect(dataOf(await setSplit([])).setTrafficSplit).toEqual([]);
    const ended = await models();
    expect([1, 2, 3].map((v) => ended.get(v)?.trafficWeight)).toEqual([null, null, null]);
    await vi.waitFor(() => expect(splitsSet.at(-1)).toMatchObject({ name: NAME, variants: [] }));
    for (const user of users) expect(await predictedVersion(a, user)).toBe(1);
    await vi.waitFor(async () => {
      for (const user of users.slice(0, 4)) expect(await predictedVersion(b, user)).toBe(1);
    });
  });
});
