import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AlertRulesDocument,
  AnomaliesDocument,
  AnomalyDetectedDocument,
  CreateAlertRuleDocument,
  DeleteAlertRuleDocument,
  MyNotificationsDocument,
  NotificationsDocument,
  TrackEventsDocument,
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

interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * An analyst's alert rule through the gateway: a threshold crossed in a closed minute becomes an
 * in-app notification on their `notifications` subscription and a signed webhook POST.
 */
describe('analytics alert rules through the gateway', () => {
  let t: TestPlatform;
  let analyst: Awaited<ReturnType<typeof userWithRoles>>;
  let viewer: Awaited<ReturnType<typeof userWithRoles>>;
  let hook: Server;
  let hookUrl = '';
  const deliveries: Delivery[] = [];

  beforeAll(async () => {
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => {
        deliveries.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    // Loopback webhooks are for tests only; production refuses private ranges.
    t = await startTestPlatform({ ANALYTICS_WEBHOOK_ALLOW_PRIVATE: 'true' });
    const admin = await adminToken(t);
    analyst = await userWithRoles(t, admin, ['ANALYST']);
    viewer = await userWithRoles(t, admin, ['VIEWER']);
  });
  afterAll(async () => {
    await t?.stop();
    await new Promise((resolve) => hook?.close(resolve));
  });

  it('refuses rules from a VIEWER and bad rules from an analyst', async () => {
    const input = {
      metric: 'e2e.alarm',
      kind: 'THRESHOLD' as const,
      threshold: 2,
      direction: 'ABOVE' as const,
    };
    expect(errorCode(await execute(t.url, CreateAlertRuleDocument, { input }, viewer.token))).toBe(
      'FORBIDDEN',
    );
    const missing = await execute(
      t.url,
      CreateAlertRuleDocument,
      { input: { metric: 'e2e.alarm', kind: 'THRESHOLD' } },
      analyst.token,
    );
    expect(errorCode(missing)).toBe('BAD_USER_INPUT');
  });

  it('notifies in-app and by a signed webhook when a closed minute crosses the threshold', async () => {
    const created = await execute(
      t.url,
      CreateAlertRuleDocument,
      {
        input: {
          metric: 'e2e.alarm',
          kind: 'THRESHOLD',
          threshold: 2,
          direction: 'ABOVE',
          webhookUrl: hookUrl,
        },
      },
      analyst.token,
    );
    expect(created.errors).toBeUndefined();
    const { rule, webhookSecret } = created.data!.createAlertRule;
    expect(webhookSecret).toBeTruthy();
    const listed = await execute(t.url, AlertRulesDocument, {}, analyst.token);
    expect(listed.data!.alertRules.map((r) => r.id)).toContain(rule.id);

    const client = wsClient(t.url, analyst.token);
    try {
      const inbox = subscribe(client, MyNotificationsDocument, {});
      // Five events in the minute that has just closed (the platform's clock stands still in tests).
      const minuteAgo = new Date(t.clock.now.getTime() - 60_000);
      minuteAgo.setUTCSeconds(10, 0);
      const events = Array.from({ length: 5 }, () => ({ name: 'e2e.alarm', at: minuteAgo.toISOString() }));
      expect((await execute(t.url, TrackEventsDocument, { events }, viewer.token)).data?.trackEvents).toBe(5);

      // The subscription is live once a tick's notification reaches it; ticks are idempotent.
      const received = inbox.next(20_000);
      const ticking = setInterval(() => void t.platform.subgraphs.analytics.tick(), 500);
      try {
        const note = await received;
        expect(note.errors).toBeUndefined();
        expect(note.data!.notifications).toMatchObject({ ruleId: rule.id, metric: 'e2e.alarm', value: 5 });
      } finally {
        clearInterval(ticking);
      }
      await inbox.close();
    } finally {
      await client.dispose();
    }
    const stored = await execute(t.url, NotificationsDocument, { first: 10 }, analyst.token);
    expect(stored.data!.notifications.filter((n) => n.ruleId === rule.id)).toHaveLength(1);
    expect((await execute(t.url, NotificationsDocument, {}, viewer.token)).data!.notifications).toEqual([]);

    await vi.waitFor(() => expect(deliveries).toHaveLength(1), { timeout: 20_000, interval: 100 });
    const [delivery] = deliveries;
    const timestamp = String(delivery!.headers['x-ukp-timestamp']);
    const expected = createHmac('sha256', webhookSecret!)
      .update(`${timestamp}.${delivery!.body}`)
      .digest('hex');
    expect(delivery!.headers['x-ukp-signature']).toBe(`sha256=${expected}`);
    expect(JSON.parse(delivery!.body)).toMatchObject({ metric: 'e2e.alarm', value: 5 });

    const deleted = await execute(t.url, DeleteAlertRuleDocument, { id: rule.id }, analyst.token);
    expect(deleted.data?.deleteAlertRule).toBe(true);
  });

  it('finds a spike after an hour of ordinary traffic, publishes it once and lists it', async () => {
    const now = t.clock.now.getTime();
    const lastClosed = Math.floor(now / 60_000) * 60_000 - 60_000;
    // 70 minutes of 8–12 events a minute (a fixed pattern, not random), then 60 in the last one.
    const events: Array<{ name: string; at: string }> = [];
    for (let m = 70; m >= 1; m -= 1) {
      const count = 8 + ((m * 7) % 5);
      for (let i = 0; i < count; i += 1)
        events.push({ name: 'e2e.spiky', at: new Date(lastClosed - m * 60_000 + i * 1000).toISOString() });
    }
    for (let i = 0; i < 60; i += 1)
      events.push({ name: 'e2e.spiky', at: new Date(lastClosed + i * 500).toISOString() });
    for (let i = 0; i < events.length; i += 500) {
      const batch = await execute(
        t.url,
        TrackEventsDocument,
        { events: events.slice(i, i + 500) },
        viewer.token,
      );
      expect(batch.errors).toBeUndefined();
    }

    // The detector watches the built-in metrics and those an ANOMALY rule names.
    const watched = await execute(
      t.url,
      CreateAlertRuleDocument,
      { input: { metric: 'e2e.spiky', kind: 'ANOMALY' } },
      analyst.token,
    );
    expect(watched.errors).toBeUndefined();
    const client = wsClient(t.url, analyst.token);
    try {
      const feed = subscribe(client, AnomalyDetectedDocument, { metrics: ['e2e.spiky'] });
      const received = feed.next(20_000);
      const ticking = setInterval(() => void t.platform.subgraphs.analytics.tick(), 500);
      try {
        const anomaly = (await received).data!.anomalyDetected;
        expect(anomaly).toMatchObject({
          metric: 'e2e.spiky',
          value: 60,
          at: new Date(lastClosed).toISOString(),
        });
        expect(anomaly.expected).toBeGreaterThanOrEqual(8);
        expect(anomaly.expected).toBeLessThanOrEqual(12);
        expect(anomaly.score).toBeGreaterThan(3.5);
      } finally {
        clearInterval(ticking);
      }
      // Stored once: more ticks publish nothing new.
      await t.platform.subgraphs.analytics.tick();
      expect(feed.pending()).toBe(0);
      await feed.close();
    } finally {
      await client.dispose();
    }
    const listed = await execute(
      t.url,
      AnomaliesDocument,
      {
        metric: 'e2e.spiky',
        from: new Date(lastClosed - 80 * 60_000).toISOString(),
        to: new Date(lastClosed + 60_000).toISOString(),
      },
      analyst.token,
    );
    expect(listed.errors).toBeUndefined();
    // The ordinary minutes are not flagged; the spike is.
    expect(listed.data!.anomalies.map((a) => a.at)).toEqual([new Date(lastClosed).toISOString()]);
  });
});
