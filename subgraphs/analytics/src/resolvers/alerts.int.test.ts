import type { Role } from '@ukp/kit';
import { within } from '@ukp/kit/testing';
import { type ExecutionResult, parse, subscribe } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFiring } from '../domain/alerts/firing.js';
import type { LiveRule } from '../domain/alerts/types.js';
import { createLiveFeeds } from '../domain/live/feeds.js';
import { LIVE_TOPICS, type MetricSamplePayload } from '../domain/live/topics.js';
import type { AnalyticsServices } from '../services.js';
import { type AnalyticsDbFixture, startAnalyticsDb } from '../testing/db-fixture.js';
import { codes, resolverHarness } from '../testing/resolver-harness.js';
import { alertResolvers } from './alerts.js';
import { subscriptionResolvers } from './subscriptions.js';

/*
 * The alert and subscription resolvers on the real SDL and shield, without the rest of the
 * server: what a client sends and sees, and who may do it. `subscribe()` resolves once the
 * subscription's bus feed is live, so an event published after it is delivered.
 */
let fx: AnalyticsDbFixture;
let services: AnalyticsServices;
const { schema, context, run } = resolverHarness(
  {
    Query: alertResolvers.Query,
    Mutation: alertResolvers.Mutation,
    AlertRule: alertResolvers.AlertRule,
    Subscription: subscriptionResolvers.Subscription,
  },
  () => services,
);

beforeAll(async () => {
  fx = await startAnalyticsDb({ now: new Date('2026-03-01T12:00:00.000Z') });
  services = { deps: fx.deps, feeds: createLiveFeeds(fx.deps) } as AnalyticsServices;
});
afterAll(() => fx?.stop());

async function open(
  roles: Role[] | null,
  source: string,
  variableValues: Record<string, unknown> = {},
  userId = 'u-analyst',
) {
  return subscribe({
    schema,
    document: parse(source),
    variableValues,
    contextValue: context(roles, userId),
  });
}

function isStream(value: unknown): value is AsyncGenerator<ExecutionResult> {
  return typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

const CREATE = `mutation($input: CreateAlertRuleInput!) {
  createAlertRule(input: $input) { webhookSecret rule { id ownerId metric kind threshold direction webhookUrl createdAt } } }`;

describe('alert rules over GraphQL', () => {
  it('an ANALYST creates a rule; the secret is in the payload only; alertRules lists it', async () => {
    const created = await run(['ANALYST'], CREATE, {
      input: {
        metric: 'searches',
        kind: 'THRESHOLD',
        threshold: 3,
        direction: 'ABOVE',
        webhookUrl: 'http://127.0.0.1:9/h',
      },
    });
    expect(created.errors).toBeUndefined();
    const payload = (
      created.data as { createAlertRule: { webhookSecret: string; rule: Record<string, unknown> } }
    ).createAlertRule;
    expect(payload.webhookSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(payload.rule).toMatchObject({
      ownerId: 'u-analyst',
      metric: 'searches',
      kind: 'THRESHOLD',
      threshold: 3,
      direction: 'ABOVE',
      webhookUrl: 'http://127.0.0.1:9/h',
      createdAt: '2026-03-01T12:00:00.000Z',
    });

    const listed = await run(['ANALYST'], '{ alertRules { id webhookUrl } }');
    expect(listed.data).toEqual({
      alertRules: [{ id: payload.rule.id, webhookUrl: 'http://127.0.0.1:9/h' }],
    });
    const secret = await run(['ANALYST'], '{ alertRules { id webhookSecret } }');
    // Not a schema field at all: the query does not validate.
    expect(secret.data).toBeUndefined();
    expect(secret.errors?.[0]?.message).toContain('Cannot query field "webhookSecret" on type "AlertRule"');
  });

  it('refuses bad input with BAD_USER_INPUT and its field', async () => {
    const result = await run(['ANALYST'], CREATE, {
      input: { metric: 'searches', kind: 'THRESHOLD', direction: 'ABOVE' },
    });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.extensions.field).toBe('threshold');
  });

  it('a VIEWER may not manage rules; anonymous callers are asked to sign in', async () => {
    const input = { metric: 'searches', kind: 'ANOMALY' };
    expect(codes(await run(['VIEWER'], CREATE, { input }))).toEqual(['FORBIDDEN']);
    expect(codes(await run(null, CREATE, { input }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await run(['VIEWER'], '{ alertRules { id } }'))).toEqual(['FORBIDDEN']);
    expect(codes(await run(['EDITOR'], 'mutation { deleteAlertRule(id: "x") }'))).toEqual(['FORBIDDEN']);
  });

  it("deleteAlertRule: another analyst's rule is NOT_FOUND, one's own is deleted", async () => {
    const created = await run(
      ['ANALYST'],
      CREATE,
      { input: { metric: 'errors', kind: 'ANOMALY' } },
      'u-owner',
    );
    const id = (created.data as { createAlertRule: { rule: { id: string } } }).createAlertRule.rule.id;
    const DELETE = 'mutation($id: ID!) { deleteAlertRule(id: $id) }';
    expect(codes(await run(['ANALYST'], DELETE, { id }, 'u-intruder'))).toEqual(['NOT_FOUND']);
    expect((await run(['ANALYST'], DELETE, { id }, 'u-owner')).data).toEqual({ deleteAlertRule: true });
    expect((await run(['ANALYST'], DELETE, { id }, 'u-owner')).data).toEqual({ deleteAlertRule: false });
  });

  it('notifications: any signed-in user reads their own; first is bounded', async () => {
    const created = await run(
      ['ANALYST'],
      CREATE,
      { input: { metric: 'logins', kind: 'ANOMALY' } },
      'u-reader',
    );
    const rule = (created.data as { createAlertRule: { rule: { id: string } } }).createAlertRule.rule;
    const at = new Date('2026-03-01T11:59:00.000Z');
    await recordFiring(fx.deps, {
      rule: {
        ...rule,
        ownerId: 'u-reader',
        metric: 'logins',
        kind: 'ANOMALY',
        threshold: null,
        direction: null,
        webhookUrl: null,
        createdAt: at,
      } as LiveRule,
      at,
      value: 42,
      message: 'logins was 42',
    });
    const result = await run(
      ['VIEWER'],
      '{ notifications(first: 5) { ruleId metric message value at } }',
      {},
      'u-reader',
    );
    expect(result.data).toEqual({
      notifications: [
        { ruleId: rule.id, metric: 'logins', message: 'logins was 42', value: 42, at: at.toISOString() },
      ],
    });
    expect((await run(['VIEWER'], '{ notifications { id } }', {}, 'u-someone-else')).data).toEqual({
      notifications: [],
    });
    expect(codes(await run(['VIEWER'], '{ notifications(first: 101) { id } }', {}, 'u-reader'))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes(await run(null, '{ notifications { id } }'))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('subscriptions', () => {
  const METRIC = 'subscription($m: [String!]!) { metricUpdated(metrics: $m) { metric value at } }';

  it('metricUpdated: an ANALYST gets the named metrics; a VIEWER is refused; bad names are BAD_USER_INPUT', async () => {
    const stream = await open(['ANALYST'], METRIC, { m: ['searches'] });
    if (!isStream(stream)) throw new Error(`expected a stream, got ${JSON.stringify(stream)}`);
    await fx.deps.bus.publish<MetricSamplePayload>(LIVE_TOPICS.metric, {
      metric: 'errors',
      value: 1,
      at: '2026-03-01T12:00:00.000Z',
    });
    await fx.deps.bus.publish<MetricSamplePayload>(LIVE_TOPICS.metric, {
      metric: 'searches',
      value: 7,
      at: '2026-03-01T12:00:00.000Z',
    });
    const first = await within(stream.next(), 'a sample');
    expect(first.value).toEqual({
      data: { metricUpdated: { metric: 'searches', value: 7, at: '2026-03-01T12:00:00.000Z' } },
    });
    await stream.return(undefined);

    const refused = await open(['VIEWER'], METRIC, { m: ['searches'] });
    expect(isStream(refused) ? 'stream' : codes(refused)).toEqual(['FORBIDDEN']);
    const anonymous = await open(null, METRIC, { m: ['searches'] });
    expect(isStream(anonymous) ? 'stream' : codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    const bad = await open(['ANALYST'], METRIC, { m: [] });
    expect(isStream(bad) ? 'stream' : codes(bad)).toEqual(['BAD_USER_INPUT']);
  });

  it('anomalyDetected: an ANALYST gets new anomalies', async () => {
    const stream = await open(
      ['ADMIN'],
      'subscription { anomalyDetected { metric at value expected score } }',
    );
    if (!isStream(stream)) throw new Error(`expected a stream, got ${JSON.stringify(stream)}`);
    const anomaly = { metric: 'errors', at: '2026-03-01T11:59:00.000Z', value: 50, expected: 2, score: 12.5 };
    await fx.deps.bus.publish(LIVE_TOPICS.anomaly, anomaly);
    expect((await within(stream.next(), 'an anomaly')).value).toEqual({ data: { anomalyDetected: anomaly } });
    await stream.return(undefined);
    const refused = await open(['EDITOR'], 'subscription { anomalyDetected { metric } }');
    expect(isStream(refused) ? 'stream' : codes(refused)).toEqual(['FORBIDDEN']);
  });

  it("notifications: a signed-in user gets their own, not another's", async () => {
    const stream = await open(
      ['VIEWER'],
      'subscription { notifications { id ruleId message } }',
      {},
      'u-sub',
    );
    if (!isStream(stream)) throw new Error(`expected a stream, got ${JSON.stringify(stream)}`);
    const base = { ruleId: 'r', metric: 'm', value: 1, at: '2026-03-01T12:00:00.000Z' };
    await fx.deps.bus.publish(LIVE_TOPICS.notification, {
      ...base,
      id: 'n1',
      userId: 'u-other',
      message: 'theirs',
    });
    await fx.deps.bus.publish(LIVE_TOPICS.notification, {
      ...base,
      id: 'n2',
      userId: 'u-sub',
      message: 'mine',
    });
    expect((await within(stream.next(), 'a notification')).value).toEqual({
      data: { notifications: { id: 'n2', ruleId: 'r', message: 'mine' } },
    });
    await stream.return(undefined);
    const anonymous = await open(null, 'subscription { notifications { id } }');
    expect(isStream(anonymous) ? 'stream' : codes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });
});
