import { createDatabase, type DatabaseHandle, type RequestContext } from '@ukp/kit';
import type { GraphQLResolveInfo } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsContext, createAnalyticsContext } from '../../context.js';
import { documentViews, userActivity } from '../../db/schema.js';
import { entityResolvers } from '../../resolvers/entities.js';
import type { AnalyticsServices } from '../../services.js';
import { type AnalyticsDbFixture, startAnalyticsDb } from '../../testing/db-fixture.js';
import { documentViewsByIds, userStatsByIds } from './entities.js';

let fx: AnalyticsDbFixture;
const NOW = new Date('2026-03-10T12:30:00Z');
const HOUR = 3_600_000;
const hoursAgo = (h: number) => new Date(Math.floor(NOW.getTime() / HOUR) * HOUR - h * HOUR);

beforeAll(async () => {
  fx = await startAnalyticsDb({ now: NOW });
  await fx.deps.db.insert(documentViews).values([
    { documentId: 'doc-1', views: 12 },
    { documentId: 'doc-2', views: 3 },
  ]);
  await fx.deps.db.insert(userActivity).values([
    // Eight days ago: outside the last 7 days, but it is not the latest.
    {
      userId: 'u1',
      hour: hoursAgo(8 * 24),
      events: 5,
      lastAt: new Date(hoursAgo(8 * 24).getTime() + 600_000),
    },
    {
      userId: 'u1',
      hour: hoursAgo(6 * 24),
      events: 3,
      lastAt: new Date(hoursAgo(6 * 24).getTime() + 60_000),
    },
    { userId: 'u1', hour: hoursAgo(1), events: 2, lastAt: new Date(hoursAgo(1).getTime() + 1_234_000) },
    { userId: 'u2', hour: hoursAgo(10 * 24), events: 9, lastAt: hoursAgo(10 * 24) },
  ]);
});
afterAll(() => fx?.stop());

describe('documentViewsByIds', () => {
  it('answers in the order asked, 0 for unknown documents', async () => {
    expect(await documentViewsByIds(fx.deps.db, ['doc-2', 'nope', 'doc-1', 'doc-2'])).toEqual([3, 0, 12, 3]);
    expect(await documentViewsByIds(fx.deps.db, [])).toEqual([]);
  });
});

describe('userStatsByIds', () => {
  it('gives the latest event and the events of the last 7 days, in the order asked', async () => {
    expect(await userStatsByIds(fx.deps.db, ['u2', 'ghost', 'u1'], NOW)).toEqual([
      { lastSeenAt: hoursAgo(10 * 24), eventsLast7Days: 0 },
      { lastSeenAt: null, eventsLast7Days: 0 },
      { lastSeenAt: new Date(hoursAgo(1).getTime() + 1_234_000), eventsLast7Days: 3 + 2 },
    ]);
  });
});

describe('entity resolvers through the request loaders', () => {
  let counted: DatabaseHandle;
  const statements: string[] = [];

  beforeAll(async () => {
    counted = await createDatabase({ url: fx.database.url, poolMax: 2, onQuery: (q) => statements.push(q) });
  });
  afterAll(() => counted?.close());

  function context(): AnalyticsContext {
    const services = { deps: { ...fx.deps, db: counted.db } } as unknown as AnalyticsServices;
    return createAnalyticsContext({} as RequestContext, services);
  }
  const info = {} as GraphQLResolveInfo;
  // The generated resolver types allow an object form; ours are plain functions.
  // biome-ignore lint/complexity/noBannedTypes: calling a resolver of the union type
  const call = (resolver: unknown, ...args: unknown[]) => (resolver as Function)(...args);

  it('costs one statement per field for a whole list of entities', async () => {
    const ctx = context();
    statements.length = 0;
    const docs = await Promise.all(
      ['doc-1', 'doc-2', 'doc-3'].map((id) =>
        call(entityResolvers.Document.__resolveReference, { __typename: 'Document', id }, ctx, info),
      ),
    );
    const views = await Promise.all(
      docs.map((doc) => call(entityResolvers.Document.views, doc, {}, ctx, info)),
    );
    expect(views).toEqual([12, 3, 0]);

    const users = ['u1', 'u2', 'ghost'].map((id) => ({ id }));
    const [lastSeen, recent] = await Promise.all([
      Promise.all(users.map((u) => call(entityResolvers.User.lastSeenAt, u, {}, ctx, info))),
      Promise.all(users.map((u) => call(entityResolvers.User.eventsLast7Days, u, {}, ctx, info))),
    ]);
    expect(lastSeen).toEqual([new Date(hoursAgo(1).getTime() + 1_234_000), hoursAgo(10 * 24), null]);
    expect(recent).toEqual([5, 0, 0]);
    expect(statements).toHaveLength(2);
  });
});
