import { notifications, webhookDeliveries } from '../../db/schema.js';
import type { AnalyticsDeps } from '../deps.js';
import { LIVE_TOPICS, type NotificationPayload } from '../live/topics.js';
import { notificationPayload } from './rules.js';
import type { LiveRule } from './types.js';

/** A rule's verdict on one window. */
export interface Firing {
  rule: LiveRule;
  /** The window's start. */
  at: Date;
  value: number;
  message: string;
}

/** What a webhook receives (and what the delivery row keeps, so a retry sends the same body). */
export interface WebhookBody {
  rule: string;
  metric: string;
  value: number;
  at: string;
  message: string;
  notificationId: string;
}

/**
 * Records a firing: the notification and, with a webhook, its delivery, in one transaction. The
 * unique (rule, window) index makes every instance that evaluates the same window agree: only the
 * insert that wins returns a row, and only that instance tells the owner. Returns the
 * notification when this call created it.
 */
export async function recordFiring(deps: AnalyticsDeps, firing: Firing): Promise<NotificationPayload | null> {
  const { rule } = firing;
  const now = deps.now();
  const row = await deps.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(notifications)
      .values({
        userId: rule.ownerId,
        ruleId: rule.id,
        metric: rule.metric,
        message: firing.message,
        value: firing.value,
        at: firing.at,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: [notifications.ruleId, notifications.at] })
      .returning();
    if (!inserted) return null;
    if (rule.webhookUrl !== null) {
      const body: WebhookBody = {
        rule: rule.id,
        metric: rule.metric,
        value: firing.value,
        at: firing.at.toISOString(),
        message: firing.message,
        notificationId: inserted.id,
      };
      await tx.insert(webhookDeliveries).values({
        ruleId: rule.id,
        notificationId: inserted.id,
        url: rule.webhookUrl,
        payload: { ...body },
        nextAttemptAt: now,
        createdAt: now,
        updatedAt: now,
      });
    }
    return inserted;
  });
  if (!row) return null;
  const payload = notificationPayload(row);
  try {
    await deps.bus.publish(LIVE_TOPICS.notification, payload);
  } catch (error) {
    // Stored either way: the owner sees it in `notifications`, only the live push is lost.
    deps.logger.warn({ err: error, ruleId: rule.id }, 'could not publish a notification');
  }
  return payload;
}

/** A value as people read it: integers as they are, others to 4 significant digits. */
export function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

/** `2026-11-29 10:04 UTC`. */
export function formatMinute(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
