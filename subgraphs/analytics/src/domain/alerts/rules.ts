import { randomBytes } from 'node:crypto';
import { appError, errors, type Viewer } from '@ukp/kit';
import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import {
  type AlertDirection,
  type AlertKind,
  type AlertRuleRow,
  alertRules,
  notifications,
} from '../../db/schema.js';
import type { AnalyticsDeps } from '../deps.js';
import type { NotificationPayload } from '../live/topics.js';
import { parseMetric } from '../queries/input.js';
import { checkWebhookTarget, type HostResolver, WebhookTargetError } from './webhook-target.js';

/** Live (not deleted) rules one owner may have. */
export const MAX_RULES_PER_OWNER = 50;
/** Rules `alertRules` lists. */
export const MAX_RULES_LISTED = 100;
/** Notifications one `notifications` call may ask for. */
export const MAX_NOTIFICATIONS = 100;

export interface AlertRuleInput {
  metric: string;
  kind: AlertKind;
  threshold?: number | null | undefined;
  direction?: AlertDirection | null | undefined;
  webhookUrl?: string | null | undefined;
}

export interface CreatedAlertRule {
  rule: AlertRuleRow;
  /** The webhook's signing secret, shown only now; null without a webhook. */
  webhookSecret: string | null;
}

export interface RuleOptions {
  /** Tests: a DNS stand-in for the webhook host. */
  resolve?: HostResolver | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A rule's settings, checked: what is missing or contradicts the kind is refused with its field. */
function parseRule(input: AlertRuleInput) {
  const metric = parseMetric(input.metric);
  const threshold = input.threshold ?? null;
  const direction = input.direction ?? null;
  if (input.kind === 'THRESHOLD') {
    if (threshold === null || !Number.isFinite(threshold)) {
      throw errors.badInput('A THRESHOLD rule needs a finite threshold.', 'threshold');
    }
    if (direction !== 'ABOVE' && direction !== 'BELOW') {
      throw errors.badInput('A THRESHOLD rule needs a direction: ABOVE or BELOW.', 'direction');
    }
  } else if (input.kind === 'ANOMALY') {
    if (threshold !== null) throw errors.badInput('An ANOMALY rule takes no threshold.', 'threshold');
    if (direction !== null) throw errors.badInput('An ANOMALY rule takes no direction.', 'direction');
  } else {
    throw errors.badInput('kind must be THRESHOLD or ANOMALY.', 'kind');
  }
  return { metric, kind: input.kind, threshold, direction };
}

/**
 * A new rule owned by `ownerId` (the caller). With a webhook, the URL passes the SSRF guard now
 * (and again at every delivery) and a random signing secret is made, returned only here.
 */
export async function createAlertRule(
  deps: AnalyticsDeps,
  ownerId: string,
  input: AlertRuleInput,
  options: RuleOptions = {},
): Promise<CreatedAlertRule> {
  const parsed = parseRule(input);
  const webhookUrl = input.webhookUrl ?? null;
  if (webhookUrl !== null) {
    try {
      await checkWebhookTarget(webhookUrl, {
        allowPrivate: deps.config.webhook.allowPrivate,
        resolve: options.resolve,
      });
    } catch (error) {
      if (error instanceof WebhookTargetError) throw errors.badInput(error.message, 'webhookUrl');
      throw error;
    }
  }
  const webhookSecret = webhookUrl === null ? null : randomBytes(32).toString('base64url');
  const now = deps.now();

  const rule = await deps.db.transaction(async (tx) => {
    // Two concurrent creations by one owner must not both see 49 rules.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`analytics.alert_rules:${ownerId}`}))`);
    const [live] = await tx
      .select({ n: count() })
      .from(alertRules)
      .where(and(eq(alertRules.ownerId, ownerId), isNull(alertRules.deletedAt)));
    if ((live?.n ?? 0) >= MAX_RULES_PER_OWNER) {
      throw appError(
        'CONFLICT',
        `You have ${MAX_RULES_PER_OWNER} alert rules already: delete one before creating another.`,
        { limit: MAX_RULES_PER_OWNER },
      );
    }
    const [row] = await tx
      .insert(alertRules)
      .values({ ownerId, ...parsed, webhookUrl, webhookSecret, createdAt: now, updatedAt: now })
      .returning();
    return row;
  });
  if (!rule) throw new Error('alert rule insert returned no row');
  return { rule, webhookSecret };
}

/** The viewer's live rules, newest first; an ADMIN sees everyone's. */
export async function listAlertRules(deps: AnalyticsDeps, viewer: Viewer): Promise<AlertRuleRow[]> {
  const admin = viewer.roles.includes('ADMIN');
  return deps.db
    .select()
    .from(alertRules)
    .where(
      admin
        ? isNull(alertRules.deletedAt)
        : and(eq(alertRules.ownerId, viewer.userId), isNull(alertRules.deletedAt)),
    )
    .orderBy(desc(alertRules.createdAt), desc(alertRules.id))
    .limit(MAX_RULES_LISTED);
}

/**
 * Soft-deletes a rule: it stops firing and its pending webhooks are not sent. False when there is
 * no such live rule; another owner's rule is NOT_FOUND to anyone but an ADMIN.
 */
export async function deleteAlertRule(deps: AnalyticsDeps, viewer: Viewer, id: string): Promise<boolean> {
  if (!UUID.test(id)) return false;
  const [rule] = await deps.db
    .select({ ownerId: alertRules.ownerId })
    .from(alertRules)
    .where(and(eq(alertRules.id, id), isNull(alertRules.deletedAt)));
  if (!rule) return false;
  if (rule.ownerId !== viewer.userId && !viewer.roles.includes('ADMIN')) throw errors.notFound('Alert rule');
  const now = deps.now();
  const deleted = await deps.db
    .update(alertRules)
    .set({ deletedAt: now, updatedAt: now })
    .where(and(eq(alertRules.id, id), isNull(alertRules.deletedAt)))
    .returning({ id: alertRules.id });
  return deleted.length > 0;
}

export function notificationPayload(row: typeof notifications.$inferSelect): NotificationPayload {
  return {
    id: row.id,
    userId: row.userId,
    ruleId: row.ruleId,
    metric: row.metric,
    message: row.message,
    value: row.value,
    at: row.at.toISOString(),
  };
}

/** The user's latest notifications, newest first. */
export async function listNotifications(
  deps: AnalyticsDeps,
  userId: string,
  first = 20,
): Promise<NotificationPayload[]> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_NOTIFICATIONS) {
    throw errors.badInput(`first must be an integer from 1 to ${MAX_NOTIFICATIONS}.`, 'first');
  }
  const rows = await deps.db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.at), desc(notifications.id))
    .limit(first);
  return rows.map(notificationPayload);
}
