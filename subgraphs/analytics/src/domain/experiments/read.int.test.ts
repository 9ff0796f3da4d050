import { createDatabase, type DatabaseHandle } from '@ukp/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversions, exposures } from '../../db/schema.js';
import { type AnalyticsDbFixture, startAnalyticsDb } from '../../testing/db-fixture.js';
import { sequentialComparison, twoProportionZTest } from '../stats/proportions.js';
import { createExperiment } from './commands.js';
import { experimentModel, experimentsByKeys, findExperiment, listExperiments } from './read.js';

let fx: AnalyticsDbFixture;
beforeAll(async () => {
  fx = await startAnalyticsDb({ now: new Date('2026-03-01T12:00:00.000Z') });
});
afterAll(() => fx?.stop());

const HOUR = 3_600_000;

async function create(key: string, sequential = false) {
  return createExperiment(fx.deps, 'analyst', {
    key,
    metric: 'search.performed',
    sequential,
    variants: [
      { name: 'control', weight: 0.5 },
      { name: 'treatment', weight: 0.5 },
    ],
  });
}

/** `users` exposed to `variant` an hour ago, the first `converted` of them converting just after. */
async function traffic(key: string, variant: string, users: number, converted: number) {
  const exposedAt = new Date(fx.clock.now.getTime() - HOUR);
  const rows = Array.from({ length: users }, (_, i) => ({
    experimentKey: key,
    userId: `${key}-${variant}-${i}`,
    variant,
    exposedAt,
  }));
  for (let i = 0; i < rows.length; i += 1000)
    await fx.deps.db.insert(exposures).values(rows.slice(i, i + 1000));
  if (converted > 0)
    await fx.deps.db.insert(conversions).values(
      rows.slice(0, converted).map((r) => ({
        experimentKey: key,
        userId: r.userId,
        convertedAt: new Date(exposedAt.getTime() + 60_000),
      })),
    );
}

const CONTROL = { users: 1000, conversions: 100 };
const TREATMENT = { users: 1000, conversions: 130 };

type Arm = { users: number; conversions: number };

/** An experiment whose two arms had this traffic an hour ago. */
async function experimentWith(key: string, control: Arm, treatment: Arm, sequential = false) {
  await create(key, sequential);
  await traffic(key, 'control', control.users, control.conversions);
  await traffic(key, 'treatment', treatment.users, treatment.conversions);
}

/** An experiment whose control converts 100 of 1,000 users and treatment 130 of 1,000, as read. */
async function tenAgainstThirteenPercent(key: string, sequential: boolean) {
  await experimentWith(key, CONTROL, TREATMENT, sequential);
  const model = (await findExperiment(fx.deps, key))!;
  return { model, treatment: model.variants[1]! };
}

describe('experiment results', () => {
  it('counts exposed users and their conversions after exposure, nothing else', async () => {
    await experimentWith('r.counts', { users: 10, conversions: 3 }, { users: 8, conversions: 2 });
    // A conversion of a user never exposed, and one dated before its exposure: neither counts.
    await fx.deps.db.insert(exposures).values({
      experimentKey: 'r.counts',
      userId: 'early',
      variant: 'treatment',
      exposedAt: fx.clock.now,
    });
    await fx.deps.db.insert(conversions).values([
      { experimentKey: 'r.counts', userId: 'stranger', convertedAt: fx.clock.now },
      { experimentKey: 'r.counts', userId: 'early', convertedAt: new Date(fx.clock.now.getTime() - 1) },
    ]);
    const model = await findExperiment(fx.deps, 'r.counts');
    expect(model?.variants.map((v) => [v.name, v.users, v.conversions, v.rate])).toEqual([
      ['control', 10, 3, 0.3],
      ['treatment', 9, 2, 2 / 9],
    ]);
    expect(model?.variants[1]?.liftVsControl).toBeCloseTo((2 / 9 - 0.3) / 0.3, 12);
  });

  it('withholds significance and winner below 50 users or 5 conversions in any variant', async () => {
    await experimentWith('r.few-users', { users: 200, conversions: 10 }, { users: 49, conversions: 40 });
    await experimentWith(
      'r.few-conversions',
      { users: 200, conversions: 4 },
      { users: 200, conversions: 80 },
    );
    for (const model of await experimentsByKeys(fx.deps, ['r.few-users', 'r.few-conversions'])) {
      expect(model?.variants.flatMap((v) => [v.ciLow, v.ciHigh, v.pValue])).toEqual(Array(6).fill(null));
      expect(model?.winner).toBeNull();
      expect(model?.variants[1]?.liftVsControl).toBeGreaterThan(1);
    }
  });

  it('above the thresholds: the z-test of the stats module and the hand-computed values', async () => {
    const { model, treatment } = await tenAgainstThirteenPercent('r.fixed', false);
    const expected = twoProportionZTest(CONTROL, TREATMENT, 0.95);
    expect(treatment).toMatchObject({
      ciLow: expected.ciLow,
      ciHigh: expected.ciHigh,
      pValue: expected.pValue,
    });
    // SciPy 1.17: pooled z = 0.03 / √(0.115·0.885·(2/1000)), p = 2·norm.sf(z); Wald interval 0.03 ± 1.959964·√(0.1·0.9/1000 + 0.13·0.87/1000).
    expect(treatment.pValue).toBeCloseTo(0.0354884504665, 9);
    expect(treatment.ciLow).toBeCloseTo(0.00206793443938, 9);
    expect(treatment.ciHigh).toBeCloseTo(0.0579320655606, 9);
    expect(model.variants[0]).toMatchObject({
      ciLow: null,
      ciHigh: null,
      pValue: null,
      liftVsControl: null,
    });
    expect(model.winner).toBe('treatment');
    expect(model.sampleRatioMismatch).toBe(false);
  });

  it('a sequential experiment shows the mixture-SPRT numbers for the same data', async () => {
    const { model, treatment } = await tenAgainstThirteenPercent('r.sequential', true);
    const expected = sequentialComparison(CONTROL, TREATMENT, 0.95);
    expect(treatment).toMatchObject({
      ciLow: expected.ciLow,
      ciHigh: expected.ciHigh,
      pValue: expected.pValue,
    });
    // Johari et al. 2017 in Python, τ² = 1e-3: p = min(1, 1/Λ(0)), CI = d ± √(V(V+τ²)/τ²·(2 ln 20 + ln((V+τ²)/V))).
    expect(treatment.pValue).toBeCloseTo(0.385912591988, 9);
    expect(treatment.ciLow).toBeCloseTo(-0.0135740726717, 9);
    expect(treatment.ciHigh).toBeCloseTo(0.0735740726717, 9);
    expect(model.winner).toBeNull();
  });

  it('flags a sample-ratio mismatch on 1000 vs 850 users at 50/50, not on 1000 vs 960', async () => {
    await experimentWith('r.srm', { users: 1000, conversions: 100 }, { users: 850, conversions: 85 });
    await experimentWith('r.no-srm', { users: 1000, conversions: 100 }, { users: 960, conversions: 96 });
    const [srm, fine] = await experimentsByKeys(fx.deps, ['r.srm', 'r.no-srm']);
    // scipy.stats.chisquare([1000, 850], [925, 925]) → p = 0.000487688; ([1000, 960], [980, 980]) → 0.366256.
    expect(srm?.sampleRatioPValue).toBeCloseTo(0.0004876880960760176, 9);
    expect(srm?.sampleRatioMismatch).toBe(true);
    expect(fine?.sampleRatioPValue).toBeCloseTo(0.36625639582478275, 9);
    expect(fine?.sampleRatioMismatch).toBe(false);
  });
});

describe('reading experiments', () => {
  let counted: DatabaseHandle;
  const statements: string[] = [];
  beforeAll(async () => {
    counted = await createDatabase({ url: fx.database.url, poolMax: 2, onQuery: (q) => statements.push(q) });
  });
  afterAll(() => counted?.close());

  it('lists newest first in two statements, and by keys in the order asked', async () => {
    const base = fx.clock.now.getTime();
    for (let i = 0; i < 5; i += 1) {
      fx.clock.now = new Date(base + (i + 1) * HOUR);
      await create(`r.list-${i}`);
      await traffic(`r.list-${i}`, 'control', i + 1, 0);
    }
    const deps = { ...fx.deps, db: counted.db };
    statements.length = 0;
    const all = await listExperiments(deps);
    expect(statements).toHaveLength(2);
    expect(all.slice(0, 5).map((m) => [m.row.key, m.variants[0]?.users])).toEqual([
      ['r.list-4', 5],
      ['r.list-3', 4],
      ['r.list-2', 3],
      ['r.list-1', 2],
      ['r.list-0', 1],
    ]);
    expect(all.length).toBeGreaterThan(5);

    statements.length = 0;
    const byKeys = await experimentsByKeys(deps, ['r.list-1', 'nope', 'r.list-3', 'Bad Key']);
    expect(statements).toHaveLength(2);
    expect(byKeys.map((m) => m?.row.key ?? null)).toEqual(['r.list-1', null, 'r.list-3', null]);

    statements.length = 0;
    await experimentModel(deps, all[0]!.row);
    expect(statements).toHaveLength(1);
    expect(await findExperiment(deps, 'no.such')).toBeNull();
  });
});
