import { codeOf, pickVariant } from '@ukp/kit';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experiments, exposures } from '../../db/schema.js';
import { type AnalyticsDbFixture, startAnalyticsDb } from '../../testing/db-fixture.js';
import { assignVariant, concludeExperiment, createExperiment } from './commands.js';
import type { CreateExperimentInput } from './validate.js';

let fx: AnalyticsDbFixture;
beforeAll(async () => {
  fx = await startAnalyticsDb({ now: new Date('2026-03-01T12:00:00.000Z') });
});
afterAll(() => fx?.stop());

const input = (key: string, weights = [0.5, 0.5], sequential?: boolean): CreateExperimentInput => ({
  key,
  metric: 'search.performed',
  variants: weights.map((weight, i) => ({ name: i === 0 ? 'control' : `v${i}`, weight })),
  ...(sequential === undefined ? {} : { sequential }),
});

async function codeOfCall(work: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await work();
  } catch (error) {
    return codeOf(error) ?? String(error);
  }
  return 'accepted';
}

async function exposureCount(key: string): Promise<number> {
  const [row] = await fx.deps.db
    .select({ n: count() })
    .from(exposures)
    .where(eq(exposures.experimentKey, key));
  return row?.n ?? -1;
}

describe('createExperiment', () => {
  it('starts a RUNNING experiment with empty results, stored as given', async () => {
    const model = await createExperiment(fx.deps, 'analyst-1', input('create.ok', [0.2, 0.3, 0.5]));
    expect(model.row).toMatchObject({
      key: 'create.ok',
      metric: 'search.performed',
      status: 'RUNNING',
      sequential: false,
      createdBy: 'analyst-1',
      concludedAt: null,
      createdAt: fx.clock.now,
    });
    expect(model.variants.map((v) => [v.name, v.users, v.conversions, v.rate])).toEqual([
      ['control', 0, 0, 0],
      ['v1', 0, 0, 0],
      ['v2', 0, 0, 0],
    ]);
    expect(model).toMatchObject({ sampleRatioMismatch: false, sampleRatioPValue: null, winner: null });
    const [stored] = await fx.deps.db.select().from(experiments).where(eq(experiments.key, 'create.ok'));
    // jsonb round trip: an array in order, not a JSON string.
    expect(stored?.variants).toEqual([
      { name: 'control', weight: 0.2 },
      { name: 'v1', weight: 0.3 },
      { name: 'v2', weight: 0.5 },
    ]);
    const sequential = await createExperiment(fx.deps, 'analyst-1', input('create.seq', [0.5, 0.5], true));
    expect(sequential.row.sequential).toBe(true);
  });

  it('refuses bad input with BAD_USER_INPUT and writes nothing', async () => {
    const bad: CreateExperimentInput[] = [
      { ...input('create.bad'), key: 'Bad Key' },
      { ...input('create.bad'), metric: 'Search' },
      input('create.bad', [1]),
      input('create.bad', [0.5, 0.4]),
      input('create.bad', [0, 1]),
      {
        ...input('create.bad'),
        variants: [
          { name: 'x', weight: 0.5 },
          { name: 'x', weight: 0.5 },
        ],
      },
    ];
    for (const each of bad)
      expect(await codeOfCall(() => createExperiment(fx.deps, 'a', each))).toBe('BAD_USER_INPUT');
    expect(await fx.deps.db.select().from(experiments).where(eq(experiments.key, 'create.bad'))).toEqual([]);
  });

  it('refuses a key already taken with CONFLICT and keeps the first', async () => {
    await createExperiment(fx.deps, 'first', input('create.dup'));
    expect(await codeOfCall(() => createExperiment(fx.deps, 'second', input('create.dup', [0.9, 0.1])))).toBe(
      'CONFLICT',
    );
    const [stored] = await fx.deps.db.select().from(experiments).where(eq(experiments.key, 'create.dup'));
    expect(stored?.createdBy).toBe('first');
    expect(stored?.variants[0]?.weight).toBe(0.5);
  });
});

describe('assignVariant', () => {
  it('is deterministic: the variant pickVariant gives, the same on every call', async () => {
    const weights = [0.2, 0.3, 0.5];
    await createExperiment(fx.deps, 'a', input('assign.det', weights));
    const names = ['control', 'v1', 'v2'];
    for (let i = 0; i < 30; i += 1) {
      const userId = `user-${i}`;
      const first = await assignVariant(fx.deps, userId, 'assign.det');
      expect(first).toEqual({
        experimentKey: 'assign.det',
        variant: names[pickVariant('assign.det', userId, weights)],
      });
      expect(await assignVariant(fx.deps, userId, 'assign.det')).toEqual(first);
    }
    expect(await exposureCount('assign.det')).toBe(30);
  });

  it('splits 2,000 users by the weights, each share within 3 points', async () => {
    const weights = [0.2, 0.3, 0.5];
    await createExperiment(fx.deps, 'a', input('assign.split', weights));
    const tally = new Map<string, number>();
    for (let start = 0; start < 2000; start += 50) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, (_, i) => assignVariant(fx.deps, `split-${start + i}`, 'assign.split')),
      );
      for (const { variant } of batch) tally.set(variant, (tally.get(variant) ?? 0) + 1);
    }
    for (const [name, weight] of [
      ['control', 0.2],
      ['v1', 0.3],
      ['v2', 0.5],
    ] as const) {
      expect(Math.abs((tally.get(name) ?? 0) / 2000 - weight)).toBeLessThanOrEqual(0.03);
    }
    expect(await exposureCount('assign.split')).toBe(2000);
  });

  it('exposes a user once: the first assignment, its time kept', async () => {
    await createExperiment(fx.deps, 'a', input('assign.once'));
    const firstAt = fx.clock.now;
    await assignVariant(fx.deps, 'u-once', 'assign.once');
    fx.clock.now = new Date(firstAt.getTime() + 60_000);
    await assignVariant(fx.deps, 'u-once', 'assign.once');
    fx.clock.now = firstAt;
    const rows = await fx.deps.db.select().from(exposures).where(eq(exposures.experimentKey, 'assign.once'));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.exposedAt).toEqual(firstAt);
  });

  it('20 parallel first assignments of one user: one exposure, one answer', async () => {
    await createExperiment(fx.deps, 'a', input('assign.race'));
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => assignVariant(fx.deps, 'u-race', 'assign.race')),
    );
    expect(new Set(answers.map((a) => a.variant)).size).toBe(1);
    expect(await exposureCount('assign.race')).toBe(1);
  });

  it('an unknown or malformed key is NOT_FOUND', async () => {
    expect(await codeOfCall(() => assignVariant(fx.deps, 'u', 'no.such'))).toBe('NOT_FOUND');
    expect(await codeOfCall(() => assignVariant(fx.deps, 'u', 'Not A Key'))).toBe('NOT_FOUND');
  });

  it('a concluded experiment keeps answering exposed users and refuses new ones with CONFLICT', async () => {
    await createExperiment(fx.deps, 'a', input('assign.done'));
    const before = await assignVariant(fx.deps, 'u-old', 'assign.done');
    await concludeExperiment(fx.deps, 'assign.done');
    expect(await assignVariant(fx.deps, 'u-old', 'assign.done')).toEqual(before);
    expect(await codeOfCall(() => assignVariant(fx.deps, 'u-new', 'assign.done'))).toBe('CONFLICT');
    expect(await exposureCount('assign.done')).toBe(1);
  });
});

describe('concludeExperiment', () => {
  it('concludes once: status, concludedAt, results; a repeat changes nothing', async () => {
    await createExperiment(fx.deps, 'a', input('conclude.ok'));
    await assignVariant(fx.deps, 'u1', 'conclude.ok');
    const at = new Date(fx.clock.now.getTime() + 3_600_000);
    fx.clock.now = at;
    const done = await concludeExperiment(fx.deps, 'conclude.ok');
    expect(done.row).toMatchObject({ status: 'CONCLUDED', concludedAt: at });
    expect(done.variants.reduce((n, v) => n + v.users, 0)).toBe(1);
    fx.clock.now = new Date(at.getTime() + 3_600_000);
    const again = await concludeExperiment(fx.deps, 'conclude.ok');
    expect(again.row).toMatchObject({ status: 'CONCLUDED', concludedAt: at, updatedAt: at });
  });

  it('an unknown key is NOT_FOUND', async () => {
    expect(await codeOfCall(() => concludeExperiment(fx.deps, 'no.such'))).toBe('NOT_FOUND');
    expect(await codeOfCall(() => concludeExperiment(fx.deps, 'NOPE!'))).toBe('NOT_FOUND');
  });
});
