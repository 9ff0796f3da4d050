import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversions, exposures } from '../../db/schema.js';
import { type AnalyticsDbFixture, startAnalyticsDb } from '../../testing/db-fixture.js';
import { createExperiment } from './commands.js';
import { DEMO_EXPERIMENT, demoUserIds, seedDemoExperiment } from './demo.js';
import { findExperiment } from './read.js';

let fx: AnalyticsDbFixture;
beforeAll(async () => {
  fx = await startAnalyticsDb({ now: new Date('2026-03-01T12:00:00.000Z') });
});
afterAll(() => fx?.stop());

async function rows(table: typeof exposures | typeof conversions, key: string): Promise<number> {
  const [row] = await fx.deps.db.select({ n: count() }).from(table).where(eq(table.experimentKey, key));
  return row?.n ?? -1;
}

describe('seedDemoExperiment', () => {
  it('creates the running demo experiment with 2,000 users and a real lift', async () => {
    const first = await seedDemoExperiment(fx.deps);
    expect(first.created).toBe(true);
    expect(first.exposures).toBe(2000);

    const model = await findExperiment(fx.deps, DEMO_EXPERIMENT.key);
    expect(model?.row).toMatchObject({ status: 'RUNNING', metric: 'search.performed', sequential: false });
    const [control, treatment] = model!.variants;
    // Exactly round(rate × users) of each variant convert.
    expect(control!.conversions).toBe(Math.round(0.1 * control!.users));
    expect(treatment!.conversions).toBe(Math.round(0.14 * treatment!.users));
    expect(first.conversions).toBe(control!.conversions + treatment!.conversions);
    expect(treatment!.liftVsControl).toBeGreaterThan(0.3);
    expect(model!.sampleRatioMismatch).toBe(false);
    // 2,000 users at 10% vs 14%: z ≈ 2.7, so the demo shows a winner.
    expect(treatment!.pValue).toBeLessThan(0.05);
    expect(model!.winner).toBe('treatment');

    // Every conversion follows its exposure, and nothing is in the future.
    const late = await fx.deps.db
      .select()
      .from(conversions)
      .where(eq(conversions.experimentKey, DEMO_EXPERIMENT.key));
    const exposed = new Map(
      (await fx.deps.db.select().from(exposures).where(eq(exposures.experimentKey, DEMO_EXPERIMENT.key))).map(
        (e) => [e.userId, e.exposedAt.getTime()],
      ),
    );
    for (const c of late) {
      expect(c.convertedAt.getTime()).toBeGreaterThanOrEqual(exposed.get(c.userId)!);
      expect(c.convertedAt.getTime()).toBeLessThanOrEqual(fx.clock.now.getTime());
    }
  });

  it('is idempotent: a later start writes nothing and changes no result', async () => {
    const before = await findExperiment(fx.deps, DEMO_EXPERIMENT.key);
    fx.clock.now = new Date(fx.clock.now.getTime() + 86_400_000);
    const again = await seedDemoExperiment(fx.deps, { userIds: demoUserIds(2000) });
    expect(again).toEqual({ created: false, exposures: 0, conversions: 0 });
    const after = await findExperiment(fx.deps, DEMO_EXPERIMENT.key);
    expect(after?.variants).toEqual(before?.variants);
    expect(after?.row.createdAt).toEqual(before?.row.createdAt);
  });

  it('leaves alone an experiment of the same key with other variants', async () => {
    await createExperiment(fx.deps, 'someone', {
      key: 'demo.taken',
      metric: 'search.performed',
      variants: [
        { name: 'a', weight: 0.5 },
        { name: 'b', weight: 0.5 },
      ],
    });
    const result = await seedDemoExperiment(fx.deps, { key: 'demo.taken', userIds: demoUserIds(10) });
    expect(result).toEqual({ created: false, exposures: 0, conversions: 0 });
    expect(await rows(exposures, 'demo.taken')).toBe(0);
  });

  it('makes ids and refuses nonsense options', async () => {
    expect(demoUserIds(3)).toEqual(['demo-user-1', 'demo-user-2', 'demo-user-3']);
    expect(demoUserIds(10)[0]).toBe('demo-user-01');
    await expect(seedDemoExperiment(fx.deps, { key: 'demo.bad', userIds: [], rates: [0.1] })).rejects.toThrow(
      RangeError,
    );
    await expect(seedDemoExperiment(fx.deps, { key: 'demo.bad', userIds: [], days: 0 })).rejects.toThrow(
      RangeError,
    );
    expect(await findExperiment(fx.deps, 'demo.bad')).toBeNull();
  });
});
