import { createHmac } from 'node:crypto';
import { dataOf, subscribe } from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HookReceiver, startHookReceiver } from '../domain/alerts/test-support.js';
import { type AnalyticsFixture, startAnalytics } from '../testing/server-fixture.js';

/*
 * Through the whole server (HTTP, graphql-ws, Redis bus, the real pipeline): events tracked move
 * a live metric; a rule fires into the owner's notification subscription and a signed webhook.
 * A subscription's readiness is not visible to the client, so what must reach a fresh
 * subscription is repeated until it does (each repetition is a new event, never a re-send).
 */
let fx: AnalyticsFixture;
let hooks: HookReceiver;
const MINUTE = 60_000;

beforeAll(async () => {
  fx = await startAnalytics();
  hooks = await startHookReceiver();
  // On a minute boundary, so "this minute" is unambiguous for the whole test.
  fx.clock.now = new Date(Math.floor(Date.now() / MINUTE) * MINUTE + 10_000);
});

afterAll(async () => {
  await fx?.stop();
  await hooks?.close();
});

const TRACK = 'mutation($e: [EventInput!]!) { trackEvents(events: $e) }';

describe('live alerts through the server', () => {
  it('metricUpdated: tracked events reach an ANALYST; a VIEWER is refused', async () => {
    const analyst = await fx.user(['ANALYST']);
    const viewer = await fx.user(['VIEWER']);
    const live = subscribe<{ metricUpdated: { metric: string; value: number; at: string } }>(
      fx.ws(analyst.token),
      'subscription { metricUpdated(metrics: ["demo.click"]) { metric value at } }',
    );
    let sample: { metric: string; value: number; at: string } | undefined;
    for (let attempt = 0; attempt < 8 && !sample; attempt += 1) {
      dataOf(await fx.query(TRACK, { e: [{ name: 'demo.click' }] }, analyst.token));
      sample = await live
        .next(1500)
        .then((r) => r.data?.metricUpdated)
        .catch(() => undefined);
    }
    const minute = new Date(Math.floor(fx.clock.now.getTime() / MINUTE) * MINUTE).toISOString();
    expect(sample?.metric).toBe('demo.click');
    expect(sample?.at).toBe(minute);
    expect(sample?.value).toBeGreaterThanOrEqual(1);
    await live.close();

    const refused = subscribe(
      fx.ws(viewer.token),
      'subscription { metricUpdated(metrics: ["demo.click"]) { value } }',
    );
    // Refused when subscribing (one result with the error, then the end), not a stream of errors.
    const first = await refused.next();
    expect(first.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(first.data ?? null).toBeNull();
    await refused.ended();
  });

  it("a THRESHOLD rule notifies its owner's subscription and POSTs a signed webhook", async () => {
    const analyst = await fx.user(['ANALYST']);
    const created = dataOf(
      await fx.query<{ createAlertRule: { rule: { id: string }; webhookSecret: string } }>(
        `mutation($i: CreateAlertRuleInput!) { createAlertRule(input: $i) { rule { id } webhookSecret } }`,
        {
          i: {
            metric: 'order.paid',
            kind: 'THRESHOLD',
            threshold: 0,
            direction: 'ABOVE',
            webhookUrl: hooks.url,
          },
        },
        analyst.token,
      ),
    ).createAlertRule;
    const notices = subscribe<{ notifications: { ruleId: string; value: number; at: string } }>(
      fx.ws(analyst.token),
      'subscription { notifications { ruleId value at message } }',
    );

    // The rule fires when order.paid crosses 0: events in every other minute, a tick after each.
    const start = fx.clock.now.getTime() + 2 * MINUTE;
    let notice: { ruleId: string; value: number; at: string } | undefined;
    for (let attempt = 0; attempt < 4 && !notice; attempt += 1) {
      const minute = Math.floor(start / MINUTE) * MINUTE + attempt * 2 * MINUTE;
      fx.clock.now = new Date(minute + 10_000);
      dataOf(await fx.query(TRACK, { e: [{ name: 'order.paid' }, { name: 'order.paid' }] }, analyst.token));
      fx.clock.now = new Date(minute + MINUTE + 5000);
      await fx.server.tick();
      notice = await notices
        .next(2000)
        .then((r) => r.data?.notifications)
        .catch(() => undefined);
    }
    expect(notice?.ruleId).toBe(created.rule.id);
    expect(notice?.value).toBe(2);
    await notices.close();

    expect(hooks.received.length).toBeGreaterThanOrEqual(1);
    for (const hook of hooks.received) {
      const timestamp = String(hook.headers['x-ukp-timestamp']);
      const expected = createHmac('sha256', created.webhookSecret)
        .update(`${timestamp}.${hook.body}`)
        .digest('hex');
      expect(hook.headers['x-ukp-signature']).toBe(`sha256=${expected}`);
      expect(JSON.parse(hook.body)).toMatchObject({ rule: created.rule.id, metric: 'order.paid', value: 2 });
    }
  });
});
