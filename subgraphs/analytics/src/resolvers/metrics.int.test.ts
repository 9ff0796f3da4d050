import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentViews, userActivity } from '../db/schema.js';
import { ensureEventsPartition, insertEvents, insertWindows } from '../domain/queries/testing/arrange.js';
import type { AnalyticsServices } from '../services.js';
import { type AnalyticsDbFixture, startAnalyticsDb } from '../testing/db-fixture.js';
import { codes, resolverHarness } from '../testing/resolver-harness.js';
import { entityResolvers } from './entities.js';
import { metricResolvers } from './metrics.js';

/*
 * The read side's resolvers on the real SDL and shield, without the rest of the server: argument
 * defaults, DateTime in and out, error codes with their field, and who may ask.
 */
let fx: AnalyticsDbFixture;
const { run } = resolverHarness(
  { Query: metricResolvers.Query, Document: entityResolvers.Document, User: entityResolvers.User },
  () => ({ deps: fx.deps }) as AnalyticsServices,
);

beforeAll(async () => {
  fx = await startAnalyticsDb({ now: new Date('2026-03-10T12:30:00.000Z') });
  await ensureEventsPartition(fx.deps.db);
  await insertWindows(fx.deps.db, [
    { metric: 'searches', interval: 'HOUR', at: '2026-03-10T10:00Z', count: 4 },
    { metric: 'searches', interval: 'MINUTE', at: '2026-03-10T10:05Z', count: 4 },
  ]);
  await insertEvents(fx.deps.db, [
    { userId: 'a', name: 'signup', at: '2026-03-10T01:00:00Z' },
    { userId: 'a', name: 'search', at: '2026-03-10T20:00:00Z' },
    { userId: 'b', name: 'signup', at: '2026-03-10T01:00:00Z' },
    { userId: 'b', name: 'search', at: '2026-03-11T02:00:00Z' },
  ]);
  await fx.deps.db.insert(documentViews).values({ documentId: 'doc-1', views: 7 });
  await fx.deps.db.insert(userActivity).values({
    userId: 'u-1',
    hour: new Date('2026-03-10T11:00Z'),
    events: 3,
    lastAt: new Date('2026-03-10T11:42Z'),
  });
});
afterAll(() => fx?.stop());

describe('metric queries', () => {
  it('an ANALYST reads a series: DateTime in and out, gaps at zero', async () => {
    const result = await run(
      ['ANALYST'],
      `query($from: DateTime!, $to: DateTime!) {
        timeSeries(metric: "searches", interval: HOUR, from: $from, to: $to) { at value } }`,
      { from: '2026-03-10T09:00:00Z', to: '2026-03-10T12:00:00+01:00' },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.timeSeries).toEqual([
      { at: '2026-03-10T09:00:00.000Z', value: 0 },
      { at: '2026-03-10T10:00:00.000Z', value: 4 },
    ]);
  });

  it('applies the SDL defaults: funnel windowHours 24, operationStats first 20 and SLOWEST', async () => {
    const result = await run(
      ['ANALYST'],
      `{ funnel(steps: ["signup", "search"], from: "2026-03-10T00:00:00Z", to: "2026-03-11T00:00:00Z") {
           step users conversion }
         operationStats(from: "2026-03-10T00:00:00Z", to: "2026-03-10T12:00:00Z") { operationName }
         kpis(from: "2026-03-10T10:00:00Z", to: "2026-03-10T10:30:00Z") { searches activeUsers errorRate }
         retention(cohort: "signup", returning: "search", interval: DAY, periods: 2,
           from: "2026-03-10T00:00:00Z", to: "2026-03-11T00:00:00Z") {
           cohort interval cohorts { period users returned rates } }
         forecastMethod(metric: "searches", interval: HOUR) }`,
    );
    expect(result.errors).toBeUndefined();
    // b's search is 25 h after signing up: outside the default 24 h.
    expect(result.data).toEqual({
      funnel: [
        { step: 'signup', users: 2, conversion: 1 },
        { step: 'search', users: 1, conversion: 0.5 },
      ],
      operationStats: [],
      kpis: { searches: 4, activeUsers: 0, errorRate: 0 },
      retention: {
        cohort: 'signup',
        interval: 'DAY',
        cohorts: [{ period: '2026-03-10T00:00:00.000Z', users: 2, returned: [1, 1], rates: [0.5, 0.5] }],
      },
      forecastMethod: 'HOLT',
    });
  });

  it('bad input carries BAD_USER_INPUT and the field', async () => {
    const result = await run(
      ['ANALYST'],
      '{ forecast(metric: "searches", interval: HOUR, horizon: 169) { at value } }',
    );
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.extensions.field).toBe('horizon');
  });

  it('a VIEWER is refused, an anonymous caller asked to sign in', async () => {
    const query = '{ kpis(from: "2026-03-10T00:00:00Z", to: "2026-03-10T01:00:00Z") { searches } }';
    expect(codes(await run(['VIEWER'], query))).toEqual(['FORBIDDEN']);
    expect(codes(await run(null, query))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await run(['ADMIN'], query))).toEqual([]);
  });
});

describe('federated entities', () => {
  const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) {
    ... on Document { id views } ... on User { id lastSeenAt eventsLast7Days } } }`;
  const reps = [
    { __typename: 'Document', id: 'doc-1' },
    { __typename: 'Document', id: 'doc-2' },
    { __typename: 'User', id: 'u-1' },
  ];

  it('resolves Document.views for anyone and User stats for ANALYST', async () => {
    const result = await run(['ANALYST'], ENTITIES, { reps });
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      { id: 'doc-1', views: 7 },
      { id: 'doc-2', views: 0 },
      { id: 'u-1', lastSeenAt: '2026-03-10T11:42:00.000Z', eventsLast7Days: 3 },
    ]);
  });

  it("lets users read their own stats, not someone else's", async () => {
    const own = await run(['VIEWER'], ENTITIES, { reps: [reps[2]] }, 'u-1');
    expect(own.errors).toBeUndefined();
    expect(own.data?._entities).toEqual([
      { id: 'u-1', lastSeenAt: '2026-03-10T11:42:00.000Z', eventsLast7Days: 3 },
    ]);
    expect(codes(await run(['VIEWER'], ENTITIES, { reps: [reps[2]] }, 'u-2'))).toContain('FORBIDDEN');
    const docs = await run(['VIEWER'], ENTITIES, { reps: [reps[0]] }, 'u-2');
    expect(docs.data?._entities).toEqual([{ id: 'doc-1', views: 7 }]);
  });
});
