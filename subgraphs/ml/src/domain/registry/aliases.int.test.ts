import { rowsOf } from '@ukp/kit';
import { dataOf, errorCode } from '@ukp/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutableCorpus, shuffledLabels, smallExamples } from '../../testing/corpus.js';
import { MODEL, SET_ALIAS, trainAndWait } from '../../testing/operations.js';
import { type MlFixture, startMl, type TestCaller } from '../../testing/server-fixture.js';

const good = smallExamples(200, 11);
const corpus = mutableCorpus(good);
let ml: MlFixture;
let admin: TestCaller;
let analyst: TestCaller;
const NAME = 'gate-tags';

beforeAll(async () => {
  ml = await startMl({ corpus });
  admin = await ml.user(['ADMIN']);
  analyst = await ml.user(['ANALYST', 'EDITOR']);
  // v1: the real tags; v2: tags shuffled among the documents (no better than chance); v3: real again.
  expect((await trainAndWait(ml, admin, { name: NAME, seed: 1 })).end.status).toBe('READY');
  corpus.set(shuffledLabels(good));
  expect((await trainAndWait(ml, admin, { name: NAME, seed: 2 })).end.status).toBe('READY');
  corpus.set(good);
  expect((await trainAndWait(ml, admin, { name: NAME, seed: 3 })).end.status).toBe('READY');
}, 60_000);
afterAll(() => ml?.stop());

const setAlias = (version: number, alias: string, force?: boolean, token = admin.token) =>
  ml.query<{ setModelAlias: { id: string; version: number; aliases: string[] } }>(
    SET_ALIAS,
    { name: NAME, version, alias, ...(force === undefined ? {} : { force }) },
    token,
  );

const audit = async () =>
  rowsOf<{
    actor: string;
    alias: string;
    from_version: number | null;
    to_version: number;
    forced: boolean;
    detail: unknown;
  }>(
    await ml.server.deps.db.execute(
      sql`select actor, alias, from_version, to_version, forced, detail from ml.alias_audit where name = ${NAME} order by created_at, id`,
    ),
  );

describe('setModelAlias and the promotion gate', () => {
  it('points production at the first version without a gate, audited', async () => {
    expect(dataOf(await setAlias(1, 'production')).setModelAlias).toMatchObject({
      version: 1,
      aliases: ['production'],
    });
    expect(await audit()).toEqual([
      {
        actor: admin.id,
        alias: 'production',
        from_version: null,
        to_version: 1,
        forced: false,
        detail: null,
      },
    ]);
  });

  it('refuses a worse candidate with CONFLICT and the deltas on the same hold-out', async () => {
    const result = await setAlias(2, 'production');
    const error = result.body.errors?.[0];
    expect(error?.extensions?.code).toBe('CONFLICT');
    expect(error?.message).toMatch(
      /gate-tags v2 is worse than production v1 on the same \d+ hold-out documents: macro-F1/,
    );
    expect(error?.message).toMatch(/accuracy .* Pass force: true/);
    const ext = error!.extensions as {
      reason: string;
      candidate: { version: number; accuracy: number; macroF1: number };
      current: { version: number; accuracy: number; macroF1: number };
      deltas: { accuracy: number; macroF1: number };
      testSize: number;
    };
    expect(ext.reason).toBe('PROMOTION_GATE');
    expect(ext.candidate.version).toBe(2);
    expect(ext.current.version).toBe(1);
    expect(ext.deltas.macroF1).toBeLessThan(0);
    expect(ext.deltas.macroF1).toBeCloseTo(ext.candidate.macroF1 - ext.current.macroF1, 5);
    expect(ext.deltas.accuracy).toBeCloseTo(ext.candidate.accuracy - ext.current.accuracy, 5);
    expect(ext.testSize).toBeGreaterThan(10);
    // Nothing moved, nothing audited.
    const production = dataOf(
      await ml.query<{ model: { version: number } }>(MODEL, { name: NAME }, analyst.token),
    );
    expect(production.model.version).toBe(1);
    expect(await audit()).toHaveLength(1);
  });

  it('moves it with force: true, audited as forced with the comparison', async () => {
    expect(dataOf(await setAlias(2, 'production', true)).setModelAlias).toMatchObject({
      version: 2,
      aliases: ['production'],
    });
    const rows = await audit();
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ actor: admin.id, from_version: 1, to_version: 2, forced: true });
    expect(rows[1]!.detail).toMatchObject({ gate: { candidate: { version: 2 }, current: { version: 1 } } });
  });

  it('moves production to a better candidate without force', async () => {
    expect(dataOf(await setAlias(3, 'production')).setModelAlias).toMatchObject({
      version: 3,
      aliases: ['production'],
    });
    const rows = await audit();
    expect(rows[2]).toMatchObject({ from_version: 2, to_version: 3, forced: false });
    expect(
      (rows[2]!.detail as { gate: { deltas: { macroF1: number } } }).gate.deltas.macroF1,
    ).toBeGreaterThan(0);
    const v2 = dataOf(
      await ml.query<{ model: { aliases: string[] } }>(MODEL, { name: NAME, version: 2 }, analyst.token),
    );
    expect(v2.model.aliases).toEqual([]);
  });

  it('moves other aliases without a gate; one version may hold several', async () => {
    expect(dataOf(await setAlias(2, 'candidate')).setModelAlias.aliases).toEqual(['candidate']);
    expect(dataOf(await setAlias(3, 'candidate')).setModelAlias.aliases).toEqual(['candidate', 'production']);
    const byAlias = dataOf(
      await ml.query<{ model: { version: number } }>(
        MODEL,
        { name: NAME, alias: 'candidate' },
        analyst.token,
      ),
    );
    expect(byAlias.model.version).toBe(3);
    expect(
      (await audit()).filter((r) => r.alias === 'candidate').map((r) => [r.from_version, r.to_version]),
    ).toEqual([
      [null, 2],
      [2, 3],
    ]);
    // Pointing an alias where it already points writes nothing.
    await setAlias(3, 'candidate');
    expect(await audit()).toHaveLength(5);
  });

  it('moves atomically: concurrent moves of one alias leave one winner and one audit row each', async () => {
    const results = await Promise.all([setAlias(1, 'shadow'), setAlias(3, 'shadow'), setAlias(1, 'shadow')]);
    const ok = results.filter((r) => !r.body.errors);
    expect(ok.length).toBeGreaterThan(0);
    for (const r of results.filter((r) => r.body.errors)) expect(errorCode(r)).toBe('CONFLICT');
    const rows = (await audit()).filter((r) => r.alias === 'shadow');
    // The chain of from → to versions is unbroken: every move saw the previous one.
    expect(rows.map((row) => row.from_version)).toEqual([
      null,
      ...rows.slice(0, -1).map((row) => row.to_version),
    ]);
    const final = dataOf(
      await ml.query<{ model: { version: number } }>(MODEL, { name: NAME, alias: 'shadow' }, analyst.token),
    );
    expect(final.model.version).toBe(rows.at(-1)!.to_version);
  });

  it('answers NOT_FOUND for an unknown version, BAD_USER_INPUT for one not READY or a bad alias', async () => {
    expect(errorCode(await setAlias(99, 'production'))).toBe('NOT_FOUND');
    corpus.set(good.slice(0, 3));
    try {
      const failed = await trainAndWait(ml, admin, { name: NAME });
      expect(failed.end.status).toBe('FAILED');
      const result = await setAlias(failed.version, 'candidate');
      expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'version' });
    } finally {
      corpus.set(good);
    }
    expect((await setAlias(1, 'Not An Alias')).body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'alias',
    });
  });

  it('is ADMIN only, forcing included', async () => {
    expect(errorCode(await setAlias(1, 'candidate', false, analyst.token))).toBe('FORBIDDEN');
    expect(errorCode(await setAlias(1, 'production', true, analyst.token))).toBe('FORBIDDEN');
    expect(errorCode(await ml.query(SET_ALIAS, { name: NAME, version: 1, alias: 'x' }))).toBe(
      'UNAUTHENTICATED',
    );
  });
});
