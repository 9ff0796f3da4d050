import {
  AssignVariantDocument,
  CreateDocumentDocument,
  CreateExperimentDocument,
  DocumentViewsDocument,
  ForecastDocument,
  GetDocumentDocument,
  GetExperimentDocument,
  KpisDocument,
  MetricUpdatedDocument,
  MyActivityDocument,
  OperationStatsDocument,
  PublishDocumentDocument,
  SearchDocument,
  TimeSeriesDocument,
  TrackEventsDocument,
  UserActivityDocument,
} from '@ukp/client/documents';
import { subscribe, wsClient } from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  adminToken,
  errorCode,
  execute,
  startTestPlatform,
  type TestPlatform,
  userWithRoles,
} from '../testkit/platform.js';

const waitLong = { timeout: 20_000, interval: 100 };

/**
 * The analytics subgraph through the gateway, as a dashboard and a frontend use it: events in,
 * KPIs and series out, live metrics over graphql-ws, entity fields on other subgraphs' types,
 * experiments, and who may see what.
 */
describe('analytics through the gateway', () => {
  let t: TestPlatform;
  let admin = '';
  let analyst: Awaited<ReturnType<typeof userWithRoles>>;
  let viewer: Awaited<ReturnType<typeof userWithRoles>>;
  let editor: Awaited<ReturnType<typeof userWithRoles>>;
  const range = () => {
    const now = Date.now();
    return { from: new Date(now - 60 * 60_000).toISOString(), to: new Date(now + 5 * 60_000).toISOString() };
  };
  const countOf = async (metric: string) => {
    const { from, to } = range();
    const series = await execute(
      t.url,
      TimeSeriesDocument,
      { metric, interval: 'HOUR', from, to },
      analyst.token,
    );
    expect(series.errors).toBeUndefined();
    return series.data!.timeSeries.reduce((sum, p) => sum + p.value, 0);
  };

  beforeAll(async () => {
    t = await startTestPlatform();
    admin = await adminToken(t);
    [analyst, viewer, editor] = await Promise.all([
      userWithRoles(t, admin, ['ANALYST']),
      userWithRoles(t, admin, ['VIEWER']),
      userWithRoles(t, admin, ['EDITOR']),
    ]);
  });
  afterAll(() => t?.stop());

  it('refuses anonymous trackEvents and a VIEWER reading analytics', async () => {
    const anonymous = await execute(t.url, TrackEventsDocument, { events: [{ name: 'page.view' }] });
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
    const kpis = await execute(t.url, KpisDocument, range(), viewer.token);
    expect(errorCode(kpis)).toBe('FORBIDDEN');
    expect(kpis.data).toBeNull();
  });

  it('counts tracked events once, even when a client replays them', async () => {
    const events = [
      { id: 'evt-1', name: 'e2e.click', properties: { button: 'save' } },
      { id: 'evt-2', name: 'e2e.click' },
      { name: 'e2e.click' },
    ];
    const first = await execute(t.url, TrackEventsDocument, { events }, viewer.token);
    expect(first.data?.trackEvents).toBe(3);
    // The same two ids again: accepted, not counted again (the third event has no id: counted).
    const replay = await execute(t.url, TrackEventsDocument, { events: events.slice(0, 2) }, viewer.token);
    expect(replay.errors).toBeUndefined();
    expect(await countOf('e2e.click')).toBe(3);
  });

  it('refuses a bad batch whole, naming the bad event', async () => {
    const bad = await execute(
      t.url,
      TrackEventsDocument,
      { events: [{ name: 'e2e.fine' }, { name: 'Not Valid!' }] },
      viewer.token,
    );
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toContain('1');
    const old = await execute(
      t.url,
      TrackEventsDocument,
      { events: [{ name: 'e2e.fine', at: new Date(Date.now() - 49 * 3600_000).toISOString() }] },
      viewer.token,
    );
    expect(errorCode(old)).toBe('BAD_USER_INPUT');
    expect(await countOf('e2e.fine')).toBe(0);
  });

  it('moves the KPIs when people search and create documents', async () => {
    const before = await execute(t.url, KpisDocument, range(), analyst.token);
    expect(before.errors).toBeUndefined();
    await execute(t.url, SearchDocument, { query: 'backups' }, viewer.token);
    await execute(t.url, SearchDocument, { query: 'expenses' });
    const created = await execute(
      t.url,
      CreateDocumentDocument,
      { input: { title: 'Analytics e2e', body: 'Counting views.', tags: ['e2e'], visibility: 'PUBLIC' } },
      editor.token,
    );
    expect(created.errors).toBeUndefined();
    await vi.waitFor(async () => {
      const after = await execute(t.url, KpisDocument, range(), analyst.token);
      expect(after.data!.kpis.searches).toBeGreaterThanOrEqual(before.data!.kpis.searches + 2);
      expect(after.data!.kpis.documentsCreated).toBeGreaterThanOrEqual(
        before.data!.kpis.documentsCreated + 1,
      );
      expect(after.data!.kpis.activeUsers).toBeGreaterThanOrEqual(2);
      expect(after.data!.kpis.p95LatencyMs).toBeGreaterThan(0);
    }, waitLong);
    // One sample per gateway request: `requests` counts them.
    await vi.waitFor(async () => expect(await countOf('requests')).toBeGreaterThan(5), waitLong);
  });

  it('pushes the updated metric to a live dashboard, and refuses a VIEWER', async () => {
    const client = wsClient(t.url, analyst.token);
    const refusedClient = wsClient(t.url, viewer.token);
    try {
      const refused = subscribe(refusedClient, MetricUpdatedDocument, { metrics: ['e2e.live'] });
      const denied = await refused.next(10_000);
      expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

      const live = subscribe(client, MetricUpdatedDocument, { metrics: ['e2e.live'] });
      // The subscription is live once an event published after it arrives: keep tracking until one does.
      let sent = 0;
      const got = (async () => live.next(20_000))();
      const pump = setInterval(() => {
        sent += 1;
        void execute(t.url, TrackEventsDocument, { events: [{ name: 'e2e.live' }] }, viewer.token);
      }, 300);
      try {
        const sample = await got;
        expect(sample.errors).toBeUndefined();
        expect(sample.data?.metricUpdated.metric).toBe('e2e.live');
        expect(sample.data?.metricUpdated.value).toBeGreaterThanOrEqual(1);
        expect(sample.data?.metricUpdated.value).toBeLessThanOrEqual(sent);
      } finally {
        clearInterval(pump);
      }
      await live.close();
    } finally {
      await Promise.all([client.dispose(), refusedClient.dispose()]);
    }
  });

  it('adds views to documents and activity to users, each to whom may see it', async () => {
    const created = await execute(
      t.url,
      CreateDocumentDocument,
      { input: { title: 'Viewed twice', body: 'Read me.', tags: ['e2e'], visibility: 'PUBLIC' } },
      editor.token,
    );
    const id = created.data!.createDocument.id;
    await execute(t.url, PublishDocumentDocument, { id }, editor.token);
    await execute(t.url, GetDocumentDocument, { id });
    await execute(t.url, GetDocumentDocument, { id }, viewer.token);
    await vi.waitFor(async () => {
      const views = await execute(t.url, DocumentViewsDocument, { id });
      expect(views.errors).toBeUndefined();
      expect(views.data!.document!.views).toBeGreaterThanOrEqual(2);
    }, waitLong);

    const mine = await execute(t.url, MyActivityDocument, {}, viewer.token);
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.me!.eventsLast7Days).toBeGreaterThan(0);
    expect(mine.data!.me!.lastSeenAt).not.toBeNull();
    const others = await execute(t.url, UserActivityDocument, { id: viewer.id }, editor.token);
    expect(errorCode(others)).toBe('FORBIDDEN');
    const asAnalyst = await execute(t.url, UserActivityDocument, { id: viewer.id }, analyst.token);
    expect(asAnalyst.errors).toBeUndefined();
    expect(asAnalyst.data!.user!.eventsLast7Days).toBeGreaterThan(0);
  });

  it('runs an experiment: deterministic assignment, exposures, conversions', async () => {
    const key = `e2e-exp-${Date.now()}`;
    const created = await execute(
      t.url,
      CreateExperimentDocument,
      {
        input: {
          key,
          metric: 'e2e.convert',
          variants: [
            { name: 'control', weight: 0.5 },
            { name: 'treatment', weight: 0.5 },
          ],
        },
      },
      analyst.token,
    );
    expect(created.errors).toBeUndefined();
    const first = await execute(t.url, AssignVariantDocument, { experimentKey: key }, viewer.token);
    const again = await execute(t.url, AssignVariantDocument, { experimentKey: key }, viewer.token);
    expect(again.data!.assignVariant.variant).toBe(first.data!.assignVariant.variant);
    await execute(t.url, TrackEventsDocument, { events: [{ name: 'e2e.convert' }] }, viewer.token);
    const result = await execute(t.url, GetExperimentDocument, { key }, analyst.token);
    const variant = result.data!.experiment!.variants.find(
      (v) => v.name === first.data!.assignVariant.variant,
    )!;
    expect(variant.users).toBe(1);
    expect(variant.conversions).toBe(1);
    // Too few users: no verdict yet.
    expect(result.data!.experiment!.winner).toBeNull();
    expect(variant.pValue).toBeNull();
    const forbidden = await execute(t.url, GetExperimentDocument, { key }, viewer.token);
    expect(errorCode(forbidden)).toBe('FORBIDDEN');
  });

  it('reports per-operation performance from the gateway samples', async () => {
    await vi.waitFor(async () => {
      const { from, to } = range();
      const stats = await execute(t.url, OperationStatsDocument, { from, to, first: 50 }, analyst.token);
      expect(stats.errors).toBeUndefined();
      const kpis = stats.data!.operationStats.find((s) => s.operationName === 'Kpis');
      expect(kpis?.count).toBeGreaterThanOrEqual(1);
      expect(kpis?.p95Ms).toBeGreaterThan(0);
      expect(kpis!.p50Ms).toBeLessThanOrEqual(kpis!.p99Ms);
    }, waitLong);
  });

  it('answers bad ranges with BAD_USER_INPUT', async () => {
    const now = Date.now();
    const tooMany = await execute(
      t.url,
      TimeSeriesDocument,
      {
        metric: 'requests',
        interval: 'MINUTE',
        from: new Date(now - 1001 * 60_000).toISOString(),
        to: new Date(now).toISOString(),
      },
      analyst.token,
    );
    expect(errorCode(tooMany)).toBe('BAD_USER_INPUT');
    const far = await execute(
      t.url,
      ForecastDocument,
      { metric: 'requests', interval: 'HOUR', horizon: 169 },
      analyst.token,
    );
    expect(errorCode(far)).toBe('BAD_USER_INPUT');
  });
});
