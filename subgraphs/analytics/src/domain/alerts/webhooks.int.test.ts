import { createHmac } from 'node:crypto';
import { rowsOf } from '@ukp/kit';
import { within } from '@ukp/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AnalyticsDbFixture, startAnalyticsDb } from '../../testing/db-fixture.js';
import type { AnalyticsDeps } from '../deps.js';
import { backoffMs } from './deliveries.js';
import { createAlertEngine } from './engine.js';
import { recordFiring } from './firing.js';
import { createAlertRule, deleteAlertRule } from './rules.js';
import { type HookReceiver, secondInstance, startHookReceiver } from './test-support.js';
import type { LiveRule } from './types.js';

let fixture: AnalyticsDbFixture;
let deps: AnalyticsDeps;
let hooks: HookReceiver;
const T0 = new Date('2026-03-02T10:00:00.000Z');
const owner = { userId: 'owner-1', roles: ['ANALYST' as const], sessionId: 's' };

beforeAll(async () => {
  fixture = await startAnalyticsDb({ now: T0 });
  deps = fixture.deps;
  hooks = await startHookReceiver();
});

afterAll(async () => {
  await hooks?.close();
  await fixture?.stop();
});

beforeEach(async () => {
  fixture.clock.now = T0;
  hooks.received.length = 0;
  hooks.statuses.length = 0;
  hooks.delayMs = 0;
  // Cascades to notifications and deliveries.
  await deps.db.execute(sql`delete from analytics.alert_rules`);
});

/** A rule with a webhook to the receiver (or `url`), and a firing of it at minute `minute`. */
async function fired(minute = 0, url = hooks.url) {
  const { rule, webhookSecret } = await createAlertRule(deps, owner.userId, {
    metric: 'searches',
    kind: 'THRESHOLD',
    threshold: 5,
    direction: 'ABOVE',
    webhookUrl: url,
  });
  const at = new Date(T0.getTime() + minute * 60_000);
  const notification = await recordFiring(deps, {
    rule: rule as LiveRule,
    at,
    value: 9,
    message: 'searches was 9: above the threshold of 5.',
  });
  if (!notification || !webhookSecret) throw new Error('the firing was not recorded');
  return { rule, secret: webhookSecret, notification };
}

interface DeliveryState {
  id: string;
  status: string;
  attempts: number;
  next_attempt_at: Date | string;
  last_error: string | null;
}

async function deliveries(): Promise<DeliveryState[]> {
  return rowsOf<DeliveryState>(
    await deps.db.execute(
      sql`select id, status, attempts, next_attempt_at, last_error from analytics.webhook_deliveries order by created_at, id`,
    ),
  );
}

/** The receiver's check, written from the documented scheme rather than from the sender's code. */
function signatureOf(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

const fixedJitter = { random: () => 0.5, backoff: { baseMs: 1000, capMs: 60_000 } };

describe('webhook delivery', () => {
  it('POSTs the signed JSON body once and marks it delivered', async () => {
    const { rule, secret, notification } = await fired();
    await createAlertEngine(deps, fixedJitter).deliver();

    expect(hooks.received).toHaveLength(1);
    const [hook] = hooks.received;
    const timestamp = String(T0.getTime() / 1000);
    expect(hook?.headers['content-type']).toBe('application/json');
    expect(hook?.headers['x-ukp-timestamp']).toBe(timestamp);
    expect(hook?.headers['x-ukp-signature']).toBe(signatureOf(secret, timestamp, hook?.body ?? ''));
    expect(hook?.headers['x-ukp-signature']).not.toBe(signatureOf(`${secret}x`, timestamp, hook?.body ?? ''));
    expect(JSON.parse(hook?.body ?? '')).toEqual({
      rule: rule.id,
      metric: 'searches',
      value: 9,
      at: T0.toISOString(),
      message: 'searches was 9: above the threshold of 5.',
      notificationId: notification.id,
    });
    const [row] = await deliveries();
    expect(row).toMatchObject({ status: 'DELIVERED', attempts: 1, last_error: null });
    expect(hook?.headers['x-ukp-delivery']).toBe(row?.id);

    // Delivered is final.
    await createAlertEngine(deps, fixedJitter).deliver();
    expect(hooks.received).toHaveLength(1);
  });

  it('retries with exponential backoff after 5xx answers, then succeeds with the same body and id', async () => {
    const { secret } = await fired();
    const engine = createAlertEngine(deps, fixedJitter);
    hooks.statuses.push(500, 503);

    await engine.deliver();
    let [row] = await deliveries();
    // base 1 s × 2^1 = 2 s, equal jitter at 0.5: 1 s + 0.5 × 1 s.
    expect(backoffMs(1, fixedJitter.backoff, () => 0.5)).toBe(1500);
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1, last_error: 'HTTP 500' });
    expect(new Date(row?.next_attempt_at ?? 0).getTime()).toBe(T0.getTime() + 1500);

    // Not due yet: nothing is sent.
    fixture.clock.now = new Date(T0.getTime() + 1499);
    await engine.deliver();
    expect(hooks.received).toHaveLength(1);

    fixture.clock.now = new Date(T0.getTime() + 1500);
    await engine.deliver();
    [row] = await deliveries();
    // 2 s × 2 = 4 s, jittered to 3 s.
    expect(row).toMatchObject({ status: 'PENDING', attempts: 2, last_error: 'HTTP 503' });
    expect(new Date(row?.next_attempt_at ?? 0).getTime()).toBe(T0.getTime() + 1500 + 3000);

    fixture.clock.now = new Date(T0.getTime() + 4500);
    await engine.deliver();
    [row] = await deliveries();
    expect(row).toMatchObject({ status: 'DELIVERED', attempts: 3, last_error: null });

    expect(hooks.received).toHaveLength(3);
    const bodies = new Set(hooks.received.map((h) => h.body));
    expect(bodies.size).toBe(1);
    expect(new Set(hooks.received.map((h) => h.headers['x-ukp-delivery'])).size).toBe(1);
    for (const hook of hooks.received) {
      const timestamp = String(hook.headers['x-ukp-timestamp']);
      expect(hook.headers['x-ukp-signature']).toBe(signatureOf(secret, timestamp, hook.body));
    }
    // Each retry is signed at its own time.
    expect(hooks.received.map((h) => h.headers['x-ukp-timestamp'])).toEqual([
      '1772445600',
      '1772445601',
      '1772445604',
    ]);
  });

  it('fails for good after maxAttempts (3 in the fixture) and is not sent again', async () => {
    await fired();
    const engine = createAlertEngine(deps, fixedJitter);
    hooks.statuses.push(500, 500, 500, 500);
    for (let i = 0; i < 3; i += 1) {
      await engine.deliver();
      fixture.clock.now = new Date(fixture.clock.now.getTime() + 60_000);
    }
    const [row] = await deliveries();
    expect(row).toMatchObject({ status: 'FAILED', attempts: 3, last_error: 'HTTP 500' });
    fixture.clock.now = new Date(T0.getTime() + 3_600_000);
    await engine.deliver();
    expect(hooks.received).toHaveLength(3);
  });

  it('a receiver that does not answer in time counts as a failed attempt', async () => {
    const slow = await secondInstance(fixture, {
      config: { ...deps.config, webhook: { ...deps.config.webhook, timeoutMs: 150 } },
    });
    try {
      await fired();
      hooks.delayMs = 2000;
      await createAlertEngine(slow.deps, fixedJitter).deliver();
      const [row] = await deliveries();
      expect(row).toMatchObject({ status: 'PENDING', attempts: 1, last_error: 'no answer within 150 ms' });
    } finally {
      await slow.handle.close();
    }
  });

  it('two engines delivering at once never send one delivery twice (FOR UPDATE SKIP LOCKED)', async () => {
    const b = await secondInstance(fixture);
    try {
      for (let minute = 0; minute < 24; minute += 1) await fired(minute);
      hooks.delayMs = 20;
      const options = { ...fixedJitter, batchSize: 4 };
      await Promise.all([
        createAlertEngine(deps, options).deliver(),
        createAlertEngine(b.deps, options).deliver(),
        createAlertEngine(deps, options).deliver(),
        createAlertEngine(b.deps, options).deliver(),
      ]);
      const ids = hooks.received.map((h) => String(h.headers['x-ukp-delivery']));
      expect(ids).toHaveLength(24);
      expect(new Set(ids).size).toBe(24);
      const rows = await deliveries();
      expect(rows.map((r) => [r.status, r.attempts])).toEqual(rows.map(() => ['DELIVERED', 1]));
    } finally {
      await b.handle.close();
    }
  });

  it('checks the target again at delivery: a private address is refused when no longer allowed', async () => {
    await fired();
    const strict = await secondInstance(fixture, {
      config: { ...deps.config, webhook: { ...deps.config.webhook, allowPrivate: false } },
    });
    try {
      await createAlertEngine(strict.deps, fixedJitter).deliver();
      expect(hooks.received).toHaveLength(0);
      const [row] = await deliveries();
      expect(row?.status).toBe('PENDING');
      expect(row?.last_error).toContain('a loopback address');
    } finally {
      await strict.handle.close();
    }
  });

  it('connects to the address that was checked, not whatever the system resolver says', async () => {
    // `hooks.invalid` resolves nowhere but in the injected resolver: reaching the receiver proves
    // the connection used the checked answer (and that Host still names the URL's host).
    const resolve = async () => [{ address: '127.0.0.1', family: 4 as const }];
    const url = `http://hooks.invalid:${hooks.port}/hook`;
    const { rule } = await createAlertRule(
      deps,
      owner.userId,
      { metric: 'searches', kind: 'ANOMALY', webhookUrl: url },
      { resolve },
    );
    await recordFiring(deps, { rule: rule as LiveRule, at: T0, value: 1, message: 'm' });
    await createAlertEngine(deps, { ...fixedJitter, resolve }).deliver();
    expect(hooks.received).toHaveLength(1);
    expect(hooks.received[0]?.headers.host).toBe(`hooks.invalid:${hooks.port}`);
  });

  it('a delivery whose last attempt was abandoned mid-send (a dead instance) fails once its lease ends', async () => {
    await fired();
    await deps.db.execute(sql`update analytics.webhook_deliveries set attempts = 3`);
    await createAlertEngine(deps, fixedJitter).deliver();
    expect(hooks.received).toHaveLength(0);
    const [row] = await deliveries();
    expect(row).toMatchObject({
      status: 'FAILED',
      attempts: 3,
      last_error: 'the last attempt was abandoned',
    });
  });

  it('the delivery timer sends without waiting for a tick, and stops', async () => {
    await fired();
    const stop = createAlertEngine(deps, { ...fixedJitter, deliveryIntervalMs: 20 }).startTimer();
    try {
      await within(hooks.until(1), 'the timer to deliver');
    } finally {
      await stop();
    }
    expect((await deliveries())[0]?.status).toBe('DELIVERED');
  });

  it("a deleted rule's pending deliveries are dropped, not sent", async () => {
    const { rule } = await fired();
    expect(await deleteAlertRule(deps, owner, rule.id)).toBe(true);
    await createAlertEngine(deps, fixedJitter).deliver();
    expect(hooks.received).toHaveLength(0);
    const [row] = await deliveries();
    expect(row).toMatchObject({ status: 'FAILED', last_error: 'the rule was deleted' });
  });
});

describe('backoffMs', () => {
  const policy = { baseMs: 1000, capMs: 10_000 };
  it('doubles from 2 × base, is capped, and jitters within [half, full]', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, policy, () => 0.999_999))).toEqual([
      2000, 4000, 8000, 10_000, 10_000,
    ]);
    expect([1, 2, 3, 4].map((n) => backoffMs(n, policy, () => 0))).toEqual([1000, 2000, 4000, 5000]);
  });
});
