import { codeOf, rowsOf, type Viewer } from '@ukp/kit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsDbFixture, startAnalyticsDb } from '../../testing/db-fixture.js';
import { refusal } from '../../testing/refusal.js';
import type { AnalyticsDeps } from '../deps.js';
import { recordFiring } from './firing.js';
import {
  type AlertRuleInput,
  createAlertRule,
  deleteAlertRule,
  listAlertRules,
  listNotifications,
  MAX_RULES_PER_OWNER,
} from './rules.js';
import type { LiveRule } from './types.js';

let fixture: AnalyticsDbFixture;
let deps: AnalyticsDeps;

const viewer = (userId: string, roles: Viewer['roles'] = ['ANALYST']): Viewer => ({
  userId,
  roles,
  sessionId: 's',
});
const threshold: AlertRuleInput = {
  metric: 'searches',
  kind: 'THRESHOLD',
  threshold: 10,
  direction: 'ABOVE',
};

beforeAll(async () => {
  fixture = await startAnalyticsDb({ now: new Date('2026-03-02T10:00:00.000Z') });
  deps = fixture.deps;
});

afterAll(async () => {
  await fixture?.stop();
});

async function ruleCount(): Promise<number> {
  const [row] = rowsOf<{ n: number | string }>(
    await deps.db.execute(sql`select count(*) as n from analytics.alert_rules`),
  );
  return Number(row?.n ?? 0);
}

describe('createAlertRule', () => {
  it('stores a threshold rule; with a webhook, a fresh 32-byte secret is returned once', async () => {
    const plain = await createAlertRule(deps, 'u-create', threshold);
    expect(plain.webhookSecret).toBeNull();
    expect(plain.rule).toMatchObject({
      ownerId: 'u-create',
      metric: 'searches',
      kind: 'THRESHOLD',
      threshold: 10,
      direction: 'ABOVE',
      webhookUrl: null,
      webhookSecret: null,
      deletedAt: null,
    });

    const hooked = await createAlertRule(deps, 'u-create', {
      ...threshold,
      webhookUrl: 'http://127.0.0.1:9/h',
    });
    const again = await createAlertRule(deps, 'u-create', {
      ...threshold,
      webhookUrl: 'http://127.0.0.1:9/h',
    });
    expect(hooked.webhookSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(hooked.webhookSecret ?? '', 'base64url')).toHaveLength(32);
    expect(again.webhookSecret).not.toBe(hooked.webhookSecret);
    expect(hooked.rule.webhookSecret).toBe(hooked.webhookSecret);

    const anomaly = await createAlertRule(deps, 'u-create', { metric: 'checkout.done', kind: 'ANOMALY' });
    expect(anomaly.rule).toMatchObject({ kind: 'ANOMALY', threshold: null, direction: null });
  });

  it.each<[string, AlertRuleInput, string]>([
    ['a bad metric name', { ...threshold, metric: 'Bad Name!' }, 'metric'],
    ['an empty metric name', { ...threshold, metric: '' }, 'metric'],
    ['THRESHOLD without a threshold', { ...threshold, threshold: null }, 'threshold'],
    ['THRESHOLD with NaN', { ...threshold, threshold: Number.NaN }, 'threshold'],
    ['THRESHOLD with Infinity', { ...threshold, threshold: Number.POSITIVE_INFINITY }, 'threshold'],
    ['THRESHOLD without a direction', { ...threshold, direction: null }, 'direction'],
    ['ANOMALY with a threshold', { metric: 'searches', kind: 'ANOMALY', threshold: 3 }, 'threshold'],
    ['ANOMALY with a direction', { metric: 'searches', kind: 'ANOMALY', direction: 'BELOW' }, 'direction'],
    ['an unknown kind', { metric: 'searches', kind: 'OTHER' as 'ANOMALY' }, 'kind'],
    ['a non-http webhook', { ...threshold, webhookUrl: 'ftp://example.com/x' }, 'webhookUrl'],
    ['a webhook with credentials', { ...threshold, webhookUrl: 'https://a:b@example.com/' }, 'webhookUrl'],
    [
      'a webhook URL that is too long',
      { ...threshold, webhookUrl: `https://example.com/${'a'.repeat(2100)}` },
      'webhookUrl',
    ],
  ])('refuses %s with BAD_USER_INPUT on its field, storing nothing', async (_what, input, field) => {
    const before = await ruleCount();
    const error = await refusal(createAlertRule(deps, 'u-bad', input));
    expect(codeOf(error)).toBe('BAD_USER_INPUT');
    expect(error.extensions.field).toBe(field);
    expect(await ruleCount()).toBe(before);
  });

  it('refuses a webhook to a private address unless the operator allows it', async () => {
    const strict: AnalyticsDeps = {
      ...deps,
      config: { ...deps.config, webhook: { ...deps.config.webhook, allowPrivate: false } },
    };
    const resolve = async () => [{ address: '10.0.0.7', family: 4 as const }];
    for (const url of [
      'http://127.0.0.1/h',
      'http://[::1]/h',
      'http://169.254.169.254/latest',
      'https://intranet.example/h',
    ]) {
      const error = await refusal(
        createAlertRule(strict, 'u-ssrf', { ...threshold, webhookUrl: url }, { resolve }),
      );
      expect(codeOf(error)).toBe('BAD_USER_INPUT');
      expect(error.extensions.field).toBe('webhookUrl');
    }
    const publicDns = async () => [{ address: '93.184.216.34', family: 4 as const }];
    await expect(
      createAlertRule(
        strict,
        'u-ssrf',
        { ...threshold, webhookUrl: 'https://hooks.example.com/x' },
        { resolve: publicDns },
      ),
    ).resolves.toMatchObject({ rule: { webhookUrl: 'https://hooks.example.com/x' } });
  });

  it(`allows ${MAX_RULES_PER_OWNER} live rules per owner, even when created all at once`, async () => {
    const results = await Promise.allSettled(
      Array.from({ length: MAX_RULES_PER_OWNER + 3 }, () => createAlertRule(deps, 'u-limit', threshold)),
    );
    const refused = results.filter((r) => r.status === 'rejected').map((r) => codeOf(r.reason));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(MAX_RULES_PER_OWNER);
    expect(refused).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT']);
    // Others are not affected; a deleted rule frees its place.
    await expect(createAlertRule(deps, 'u-other', threshold)).resolves.toBeDefined();
    const [first] = await listAlertRules(deps, viewer('u-limit'));
    expect(await deleteAlertRule(deps, viewer('u-limit'), first?.id ?? '')).toBe(true);
    await expect(createAlertRule(deps, 'u-limit', threshold)).resolves.toBeDefined();
  });
});

describe('listAlertRules and deleteAlertRule', () => {
  it("lists one's own live rules, newest first; an ADMIN sees everyone's", async () => {
    fixture.clock.now = new Date('2026-03-02T11:00:00.000Z');
    const older = (await createAlertRule(deps, 'u-list', threshold)).rule;
    fixture.clock.now = new Date('2026-03-02T11:01:00.000Z');
    const newer = (await createAlertRule(deps, 'u-list', { metric: 'errors', kind: 'ANOMALY' })).rule;
    const theirs = (await createAlertRule(deps, 'u-list-2', threshold)).rule;

    expect((await listAlertRules(deps, viewer('u-list'))).map((r) => r.id)).toEqual([newer.id, older.id]);
    const all = (await listAlertRules(deps, viewer('root', ['ADMIN']))).map((r) => r.id);
    expect(all).toEqual(expect.arrayContaining([newer.id, older.id, theirs.id]));
    expect(all.length).toBeLessThanOrEqual(100);
  });

  it("soft-deletes one's own rule; another's is NOT_FOUND; absent is false; ADMIN may delete any", async () => {
    const mine = (await createAlertRule(deps, 'u-del', threshold)).rule;
    const theirs = (await createAlertRule(deps, 'u-del-2', threshold)).rule;

    expect(codeOf(await refusal(deleteAlertRule(deps, viewer('u-del'), theirs.id)))).toBe('NOT_FOUND');
    expect(await deleteAlertRule(deps, viewer('u-del'), mine.id)).toBe(true);
    expect(await deleteAlertRule(deps, viewer('u-del'), mine.id)).toBe(false);
    expect(await deleteAlertRule(deps, viewer('u-del'), '00000000-0000-4000-8000-000000000000')).toBe(false);
    expect(await deleteAlertRule(deps, viewer('u-del'), 'not-a-uuid')).toBe(false);
    expect(await deleteAlertRule(deps, viewer('root', ['ADMIN']), theirs.id)).toBe(true);

    expect(await listAlertRules(deps, viewer('u-del'))).toEqual([]);
    const [row] = rowsOf<{ deleted_at: unknown }>(
      await deps.db.execute(sql`select deleted_at from analytics.alert_rules where id = ${mine.id}::uuid`),
    );
    expect(row?.deleted_at).not.toBeNull();
  });
});

describe('listNotifications', () => {
  it("returns the user's own notifications, newest first, at most `first`", async () => {
    const rule = (await createAlertRule(deps, 'u-notes', threshold)).rule as LiveRule;
    const other = (await createAlertRule(deps, 'u-notes-2', threshold)).rule as LiveRule;
    for (const minute of [0, 1, 2]) {
      fixture.clock.now = new Date(Date.UTC(2026, 2, 2, 12, minute, 30));
      const at = new Date(Date.UTC(2026, 2, 2, 12, minute));
      await recordFiring(deps, { rule, at, value: minute, message: `m${minute}` });
      await recordFiring(deps, { rule: other, at, value: minute, message: `o${minute}` });
    }
    const notes = await listNotifications(deps, 'u-notes', 2);
    expect(notes.map((n) => [n.message, n.userId, n.ruleId])).toEqual([
      ['m2', 'u-notes', rule.id],
      ['m1', 'u-notes', rule.id],
    ]);
    expect(notes[0]?.at).toBe('2026-03-02T12:02:00.000Z');
    expect(await listNotifications(deps, 'u-nobody')).toEqual([]);
    for (const first of [0, 101, 1.5]) {
      expect(codeOf(await refusal(listNotifications(deps, 'u-notes', first)))).toBe('BAD_USER_INPUT');
    }
  });

  it('records one notification per rule and window, however often it fires', async () => {
    const rule = (await createAlertRule(deps, 'u-once', threshold)).rule as LiveRule;
    const at = new Date('2026-03-02T13:00:00.000Z');
    const results = await Promise.all(
      Array.from({ length: 5 }, () => recordFiring(deps, { rule, at, value: 1, message: 'x' })),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await listNotifications(deps, 'u-once')).toHaveLength(1);
  });
});
