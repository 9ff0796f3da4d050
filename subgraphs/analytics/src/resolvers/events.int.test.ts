import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartitionManager } from '../domain/ingest/partitions.js';
import { createIngestPipeline } from '../domain/ingest/pipeline.js';
import { countOf } from '../domain/ingest/testing/fixtures.js';
import type { AnalyticsServices } from '../services.js';
import { type AnalyticsDbFixture, startAnalyticsDb } from '../testing/db-fixture.js';
import { resolverHarness } from '../testing/resolver-harness.js';
import { eventResolvers } from './events.js';

/* `trackEvents` on the real SDL and shield, without the rest of the server. */
const NOW = new Date('2026-03-01T12:00:30.000Z');
const MINUTE = new Date('2026-03-01T12:00:00.000Z');
const TRACK = 'mutation($events: [EventInput!]!) { trackEvents(events: $events) }';

let fx: AnalyticsDbFixture;
let services: AnalyticsServices;
const { run } = resolverHarness({ Mutation: eventResolvers.Mutation }, () => services);

beforeAll(async () => {
  fx = await startAnalyticsDb({ now: NOW });
  const partitions = createPartitionManager(fx.deps);
  await partitions.maintain();
  services = { deps: fx.deps, pipeline: createIngestPipeline(fx.deps, partitions) } as AnalyticsServices;
});
afterAll(() => fx?.stop());

const track = (userId: string | null, events: unknown[]) =>
  run(userId ? ['VIEWER'] : null, TRACK, { events }, userId ?? undefined);

describe('trackEvents', () => {
  it('answers the distinct events of the call — the same again for a retry — and counts each once', async () => {
    const events = [
      { id: 't1', name: 'track.test', properties: { plan: 'pro' } },
      { id: 't1', name: 'track.test' },
      { name: 'track.test', at: '2026-03-01T12:00:10Z' },
    ];
    expect((await track('u-track', events)).data).toEqual({ trackEvents: 2 });
    expect((await track('u-track', events.slice(0, 1))).data).toEqual({ trackEvents: 1 });
    expect(await countOf(fx.deps.db, 'track.test', 'MINUTE', MINUTE)).toBe(2);
  });

  it('refuses the whole call when one event is bad, naming its index, and writes nothing', async () => {
    const result = await track('u-track', [
      { name: 'track.none' },
      { name: 'track.none', at: '2026-02-20T00:00:00Z' },
    ]);
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      index: 1,
      field: 'events[1].at',
    });
    expect(result.errors?.[0]?.message).toMatch(/^Event 1: /);
    expect(await countOf(fx.deps.db, 'track.none', 'MINUTE', MINUTE)).toBe(0);
  });

  it('refuses anonymous callers', async () => {
    const result = await track(null, [{ name: 'track.anon' }]);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await countOf(fx.deps.db, 'track.anon', 'MINUTE', MINUTE)).toBe(0);
  });
});
