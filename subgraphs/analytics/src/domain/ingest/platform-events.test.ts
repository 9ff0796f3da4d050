import { describe, expect, it } from 'vitest';
import { LATENCY_METRIC } from '../metrics/catalog.js';
import { ANALYTICS_TOPICS, platformEvent } from './platform-events.js';
import { busEvent, gatewaySample, subscriptionReading } from './testing/fixtures.js';

const AT = new Date('2026-04-01T12:00:00.000Z');
const PUBLISHED = new Date('2026-04-01T12:00:01.000Z');

describe('platformEvent', () => {
  it('consumes the kit’s durable topics', () => {
    expect(ANALYTICS_TOPICS).toContain('gateway.request');
    expect(ANALYTICS_TOPICS).toContain('gateway.subscriptions');
  });

  it('counts a sign-up as itself and as `signups`, keyed by the bus event id, at the payload’s time', () => {
    const event = busEvent('user.signed_up', { userId: 'u1', at: AT.toISOString() }, PUBLISHED, 'ev-1');
    expect(platformEvent(event)).toEqual({
      key: 'p:ev-1',
      name: 'user.signed_up',
      userId: 'u1',
      at: AT,
      properties: null,
      source: 'platform',
      contributions: [
        { metric: 'user.signed_up', kind: 'count', weight: 1 },
        { metric: 'signups', kind: 'count', weight: 1 },
      ],
    });
  });

  it('maps each topic to its built-in metric', () => {
    const metricsOf = (topic: string, data: Record<string, unknown>) =>
      platformEvent(busEvent(topic, data, PUBLISHED))?.contributions.map((c) => c.metric);
    expect(metricsOf('user.logged_in', { userId: 'u' })).toEqual(['user.logged_in', 'logins']);
    expect(metricsOf('search.performed', { query: 'q', resultCount: 2, latencyMs: 3, userId: null })).toEqual(
      ['search.performed', 'searches'],
    );
    expect(metricsOf('question.asked', { question: 'why', answered: true, userId: 'u' })).toEqual([
      'question.asked',
      'questions',
    ]);
    expect(metricsOf('document.created', { documentId: 'd', authorId: 'a', actorId: 'a' })).toEqual([
      'document.created',
      'documents_created',
    ]);
    expect(metricsOf('document.published', { documentId: 'd', authorId: 'a', actorId: 'e' })).toEqual([
      'document.published',
    ]);
  });

  it('uses the bus time when the payload has none, and the actor (else the author) as the user', () => {
    const created = platformEvent(
      busEvent('document.created', { documentId: 'd1', authorId: 'author', actorId: null }, PUBLISHED),
    );
    expect(created).toMatchObject({ at: PUBLISHED, userId: 'author', properties: { documentId: 'd1' } });
    const viewed = platformEvent(
      busEvent('document.viewed', { documentId: 'd1', authorId: 'author', actorId: 'reader' }, PUBLISHED),
    );
    expect(viewed).toMatchObject({ userId: 'reader', documentViewed: 'd1' });
    const anonymous = platformEvent(
      busEvent('document.viewed', { documentId: 'd1', authorId: 'author', actorId: null }, PUBLISHED),
    );
    expect(anonymous).toMatchObject({ userId: null, documentViewed: 'd1' });
  });

  it('weights a sampled request by 1 / sample rate, counts errors for any outcome but ok, files the duration', () => {
    const ok = platformEvent(gatewaySample(AT, 12.5, { sampleRate: 0.1, userId: 'u' }))!;
    expect(ok.contributions).toEqual([
      { metric: 'gateway.request', kind: 'count', weight: 1 },
      { metric: 'requests', kind: 'count', weight: 10 },
      { metric: LATENCY_METRIC, kind: 'value', value: 12.5, weight: 10 },
    ]);
    expect(ok.operation).toEqual({
      operationName: 'Dashboard',
      operationType: 'query',
      durationMs: 12.5,
      error: false,
      weight: 10,
    });
    expect(ok.userId).toBe('u');
    for (const outcome of ['error', 'rejected']) {
      const failed = platformEvent(gatewaySample(AT, 5, { outcome }))!;
      expect(failed.contributions).toContainEqual({ metric: 'errors', kind: 'count', weight: 1 });
      expect(failed.operation?.error).toBe(true);
    }
    for (const sampleRate of [0, -1, 2, Number.NaN])
      expect(platformEvent(gatewaySample(AT, 5, { sampleRate }))!.contributions[1]).toMatchObject({
        weight: 1,
      });
  });

  it('names unnamed operations (anonymous), cuts long names, and files no operation without a type', () => {
    expect(platformEvent(gatewaySample(AT, 1, { operationName: null }))?.operation?.operationName).toBe(
      '(anonymous)',
    );
    expect(
      platformEvent(gatewaySample(AT, 1, { operationName: 'N'.repeat(300) }))?.operation?.operationName,
    ).toBe('N'.repeat(100));
    const untyped = platformEvent(gatewaySample(AT, 1, { operationType: null, outcome: 'rejected' }))!;
    expect(untyped.operation).toBeUndefined();
    expect(untyped.contributions.map((c) => c.metric)).toContain('errors');
  });

  it("reads a gateway's subscription gauge, with the instance that counted, without a raw event", () => {
    const gauge = platformEvent(subscriptionReading('gw-1', 42, AT, PUBLISHED));
    expect(gauge).toMatchObject({
      name: null,
      at: AT,
      contributions: [{ metric: 'active_subscriptions', kind: 'gauge', value: 42, instance: 'gw-1' }],
    });
  });

  it('returns null for what it cannot read, instead of failing the batch', () => {
    const bad = [
      busEvent('user.signed_up', { at: AT.toISOString() }, PUBLISHED), // no user
      busEvent('user.logged_in', { userId: 7 }, PUBLISHED),
      busEvent('document.viewed', { actorId: 'a' }, PUBLISHED), // no document
      busEvent('gateway.request', { durationMs: -1, outcome: 'ok' }, PUBLISHED),
      busEvent('gateway.request', { durationMs: 5, outcome: 'maybe' }, PUBLISHED),
      busEvent('gateway.request', { durationMs: '5', outcome: 'ok' }, PUBLISHED),
      busEvent('gateway.subscriptions', { active: 'many', instance: 'gw-1' }, PUBLISHED),
      busEvent('gateway.subscriptions', { active: 3 }, PUBLISHED), // whose count is it?
      busEvent('gateway.subscriptions', { active: 3, instance: 'g'.repeat(201) }, PUBLISHED),
      busEvent('user.signed_up', 'u1', PUBLISHED),
      busEvent('user.signed_up', null, PUBLISHED),
      busEvent('user.signed_up', ['u1'], PUBLISHED),
      busEvent('analytics.metric', { metric: 'x' }, PUBLISHED), // not consumed
      busEvent('constructor', {}, PUBLISHED),
      { ...busEvent('user.signed_up', { userId: 'u' }, PUBLISHED), at: 'never' },
      busEvent('user.signed_up', { userId: 'u' }, PUBLISHED, ''), // no id: could never be deduplicated
    ];
    for (const event of bad) expect(platformEvent(event), JSON.stringify(event)).toBeNull();
  });

  it('keeps only storable text from payloads', () => {
    const search = platformEvent(
      busEvent(
        'search.performed',
        { query: `a\u0000b\uD800${'q'.repeat(500)}`, resultCount: 1, userId: 'u' },
        PUBLISHED,
      ),
    );
    const query = search?.properties?.query as string;
    expect(query).toHaveLength(200 - 1);
    expect(query.startsWith('ab\uFFFD')).toBe(true);
  });
});

describe('durations', () => {
  it('files sub-microsecond durations as 0 and caps absurd ones, so no sketch spans thousands of empty bins', () => {
    const event = platformEvent(gatewaySample(AT, 1e-300))!;
    expect(event.contributions).toContainEqual({
      metric: LATENCY_METRIC,
      kind: 'value',
      value: 0,
      weight: 1,
    });
    expect(event.operation?.durationMs).toBe(0);
    expect(event.properties?.durationMs).toBe(1e-300);
    expect(platformEvent(gatewaySample(AT, 1e300))!.operation?.durationMs).toBe(1e9);
  });
});
