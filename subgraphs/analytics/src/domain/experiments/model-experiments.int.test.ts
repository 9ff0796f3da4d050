import { rowsOf } from '@ukp/kit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsDbFixture, startAnalyticsDb } from '../../testing/db-fixture.js';
import { createPartitionManager } from '../ingest/partitions.js';
import { createIngestPipeline, type IngestPipeline } from '../ingest/pipeline.js';
import { platformEvent } from '../ingest/platform-events.js';
import { busEvent } from '../ingest/testing/fixtures.js';
import type { IngestEvent } from '../ingest/types.js';
import { findExperiment } from './read.js';

const NOW = new Date('2026-03-10T12:30:00.000Z');
const min = (n: number) => new Date(NOW.getTime() - 60 * 60_000 + n * 60_000);

let fixture: AnalyticsDbFixture;
let pipeline: IngestPipeline;

beforeAll(async () => {
  fixture = await startAnalyticsDb({ now: NOW });
  const partitions = createPartitionManager(fixture.deps);
  await partitions.maintain();
  pipeline = createIngestPipeline(fixture.deps, partitions);
});
afterAll(async () => {
  await fixture?.stop();
});

type Variants = Array<{ name: string; weight: number }>;
const HALF: Variants = [
  { name: 'v1', weight: 0.5 },
  { name: 'v2', weight: 0.5 },
];

function splitSet(model: string, variants: Variants, at: Date, id?: string) {
  return busEvent(
    'ml.traffic_split_set',
    {
      name: model,
      experimentKey: `model:${model}`,
      metric: 'ml.suggestion_accepted',
      variants: variants.map((v) => ({ ...v, version: Number(v.name.slice(1)) })),
      actorId: 'admin-1',
      at: at.toISOString(),
    },
    at,
    id,
  );
}
function served(model: string, variant: string, userId: string, at: Date) {
  return busEvent(
    'ml.model_served',
    {
      experimentKey: `model:${model}`,
      model,
      version: Number(variant.slice(1)),
      variant,
      userId,
      at: at.toISOString(),
    },
    at,
  );
}
function accepted(model: string, userId: string, at: Date) {
  return busEvent(
    'ml.suggestion_accepted',
    { model, version: 1, userId, documentId: 'd1', tag: 'billing', at: at.toISOString() },
    at,
  );
}
function ingest(events: ReturnType<typeof busEvent>[]) {
  const mapped = events.map((e) => platformEvent(e));
  expect(mapped.every((e) => e !== null)).toBe(true);
  return pipeline.ingest(mapped as IngestEvent[]);
}

async function results(key: string) {
  const model = await findExperiment(fixture.deps, key);
  if (!model) return null;
  return {
    status: model.row.status,
    metric: model.row.metric,
    createdBy: model.row.createdBy,
    variants: model.row.variants,
    arms: model.variants.map((v) => [v.name, v.users, v.conversions]),
  };
}

async function experimentKeys(prefix: string): Promise<string[]> {
  return rowsOf<{ key: string }>(
    await fixture.deps.db.execute(
      sql`select key from analytics.experiments where key like ${`${prefix}%`} order by key`,
    ),
  ).map((r) => r.key);
}

describe('model experiments from traffic splits', () => {
  it('creates the experiment `model:<name>` on a first split, by its actor, measuring acceptances', async () => {
    await ingest([splitSet('alpha', HALF, min(0))]);
    expect(await results('model:alpha')).toEqual({
      status: 'RUNNING',
      metric: 'ml.suggestion_accepted',
      createdBy: 'admin-1',
      variants: HALF,
      arms: [
        ['v1', 0, 0],
        ['v2', 0, 0],
      ],
    });
  });

  it('counts an exposure and its acceptance arriving in one batch as a conversion of that version', async () => {
    await ingest([splitSet('beta', HALF, min(0))]);
    await ingest([
      served('beta', 'v1', 'b1', min(1)),
      accepted('beta', 'b1', min(2)),
      served('beta', 'v2', 'b2', min(1)),
      served('beta', 'v2', 'b3', min(1)),
      accepted('beta', 'b3', min(0)), // accepted before it was served: not a conversion
      accepted('beta', 'b4', min(2)), // never exposed
    ]);
    expect((await results('model:beta'))?.arms).toEqual([
      ['v1', 1, 1],
      ['v2', 2, 0],
    ]);
  });

  it('applies a split before the exposures of the same batch, and keeps the first exposure', async () => {
    await ingest([
      splitSet('gamma', HALF, min(0)),
      served('gamma', 'v2', 'g1', min(1)),
      served('gamma', 'v1', 'g1', min(3)), // the user's first exposure stands
      accepted('gamma', 'g1', min(4)),
    ]);
    await ingest([served('gamma', 'v1', 'g1', min(0.5))]); // an earlier one, later: still v2
    expect((await results('model:gamma'))?.arms).toEqual([
      ['v1', 0, 0],
      ['v2', 1, 1],
    ]);
  });

  it('changes nothing when the same split comes again, or a redelivered batch', async () => {
    const batch = [splitSet('delta', HALF, min(0), 'delta-split'), served('delta', 'v1', 'd1', min(1))];
    await ingest(batch);
    const accept = [accepted('delta', 'd1', min(2))];
    await ingest(accept);
    await ingest(batch); // redelivered: same event ids
    await ingest(accept);
    await ingest([splitSet('delta', HALF, min(5))]); // the same split, set again
    expect(await experimentKeys('model:delta')).toEqual(['model:delta']);
    expect(await results('model:delta')).toMatchObject({
      status: 'RUNNING',
      arms: [
        ['v1', 1, 1],
        ['v2', 0, 0],
      ],
    });
    expect(
      rowsOf<{ n: number }>(
        await fixture.deps.db.execute(
          sql`select count(*)::int as n from analytics.events where name = 'ml.suggestion_accepted' and user_id = 'd1'`,
        ),
      )[0]?.n,
    ).toBe(1);
  });

  it('archives the experiment with its exposures and conversions when the split changes, and starts anew', async () => {
    await ingest([
      splitSet('eps', HALF, min(0)),
      served('eps', 'v1', 'e1', min(1)),
      served('eps', 'v2', 'e2', min(1)),
      accepted('eps', 'e1', min(2)),
    ]);
    const changed: Variants = [
      { name: 'v2', weight: 0.5 },
      { name: 'v3', weight: 0.5 },
    ];
    await ingest([
      splitSet('eps', changed, min(10)),
      served('eps', 'v3', 'e1', min(11)), // exposed anew under the new split
      served('eps', 'v1', 'e3', min(11)), // v1 is no longer served: ignored
      served('eps', 'v2', 'e4', min(9)), // served before the new split started: not its exposure
      accepted('eps', 'e1', min(12)),
    ]);
    const archived = `model:eps:${min(10).getTime()}`;
    expect(await experimentKeys('model:eps')).toEqual(['model:eps', archived]);
    expect(await results(archived)).toMatchObject({
      status: 'CONCLUDED',
      variants: HALF,
      arms: [
        ['v1', 1, 1],
        ['v2', 1, 0],
      ],
    });
    expect(await results('model:eps')).toMatchObject({
      status: 'RUNNING',
      variants: changed,
      arms: [
        ['v2', 0, 0],
        ['v3', 1, 1],
      ],
    });
    // Every exposure and conversion is somewhere: 2 + 1 exposures, 1 + 1 conversions.
    const [counts] = rowsOf<{ exposures: number; conversions: number }>(
      await fixture.deps.db.execute(sql`
        select (select count(*)::int from analytics.exposures where experiment_key like 'model:eps%') as exposures,
               (select count(*)::int from analytics.conversions where experiment_key like 'model:eps%') as conversions`),
    );
    expect(counts).toEqual({ exposures: 3, conversions: 2 });

    // The change redelivered, or an older split arriving late, moves nothing again.
    await ingest([splitSet('eps', changed, min(10)), splitSet('eps', HALF, min(5))]);
    expect(await experimentKeys('model:eps')).toEqual(['model:eps', archived]);
    expect((await results('model:eps'))?.variants).toEqual(changed);
  });

  it('concludes the experiment when the split ends: its results stay, nobody new is exposed', async () => {
    await ingest([splitSet('zeta', HALF, min(0)), served('zeta', 'v1', 'z1', min(1))]);
    await ingest([splitSet('zeta', [], min(5))]);
    await ingest([
      served('zeta', 'v2', 'z2', min(6)), // the experiment is concluded: ignored
      accepted('zeta', 'z1', min(6)), // after the end: not counted
    ]);
    expect(await experimentKeys('model:zeta')).toEqual(['model:zeta']);
    expect(await results('model:zeta')).toMatchObject({
      status: 'CONCLUDED',
      arms: [
        ['v1', 1, 0],
        ['v2', 0, 0],
      ],
    });

    // A split set again after the end starts a new experiment; the concluded one is archived.
    await ingest([splitSet('zeta', HALF, min(20))]);
    expect(await experimentKeys('model:zeta')).toEqual(['model:zeta', `model:zeta:${min(20).getTime()}`]);
    expect(await results(`model:zeta:${min(20).getTime()}`)).toMatchObject({
      status: 'CONCLUDED',
      arms: [
        ['v1', 1, 0],
        ['v2', 0, 0],
      ],
    });
    expect(await results('model:zeta')).toMatchObject({ status: 'RUNNING' });
  });

  it('ignores exposures to an experiment that does not exist', async () => {
    await ingest([served('nobody', 'v1', 'n1', min(1))]);
    expect(await experimentKeys('model:nobody')).toEqual([]);
    expect(
      rowsOf<{ n: number }>(
        await fixture.deps.db.execute(
          sql`select count(*)::int as n from analytics.exposures where experiment_key = 'model:nobody'`,
        ),
      )[0]?.n,
    ).toBe(0);
  });
});
