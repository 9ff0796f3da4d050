import { rowsOf } from '@ukp/kit';
import { eq, sql } from 'drizzle-orm';
import { webhookDeliveries } from '../../db/schema.js';
import type { AnalyticsDeps } from '../deps.js';
import { sendWebhook } from './webhook-send.js';
import type { HostResolver } from './webhook-target.js';

export interface BackoffPolicy {
  /** The wait after the first failed attempt is about 2 × base; it doubles each time. */
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 3_600_000 };

export interface DeliveryOptions {
  backoff?: BackoffPolicy | undefined;
  /** 0 ≤ x < 1; the jitter's source (tests pin it). */
  random?: (() => number) | undefined;
  resolve?: HostResolver | undefined;
  /** Deliveries claimed (and sent in parallel) at once. */
  batchSize?: number | undefined;
  /** Batches one pass sends at most, so a pass ends even while new deliveries keep coming. */
  maxBatches?: number | undefined;
}

export interface DeliveryReport {
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * The wait before attempt `attempts + 1`: base × 2^attempts, capped, with "equal jitter" (half
 * fixed, half random) so that many receivers failing together do not retry in lockstep.
 */
export function backoffMs(attempts: number, policy: BackoffPolicy, random: () => number): number {
  const full = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempts, 40));
  return Math.round(full / 2 + (full / 2) * random());
}

interface Claimed {
  id: string;
  url: string;
  payload: Record<string, unknown>;
  attempts: number;
  secret: string | null;
  deleted: boolean;
}

/**
 * Claims due deliveries for this instance: `FOR UPDATE SKIP LOCKED` hands each row to exactly one
 * of the instances claiming at the same moment, and the claim pushes `next_attempt_at` past the
 * time a send may take (a lease), so nobody else picks it up while it is in flight. The attempt
 * is counted at the claim: an instance that dies mid-send still uses one up, and the row comes
 * back when the lease ends.
 */
async function claim(deps: AnalyticsDeps, limit: number, leaseMs: number): Promise<Claimed[]> {
  const now = deps.now();
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const result = await deps.db.execute(sql`
    with due as (
      select id from analytics.webhook_deliveries
      where status = 'PENDING' and next_attempt_at <= ${now.toISOString()}::timestamptz
        and attempts < ${deps.config.webhook.maxAttempts}
      order by next_attempt_at
      limit ${limit}
      for update skip locked
    )
    update analytics.webhook_deliveries d
    set attempts = d.attempts + 1,
        next_attempt_at = ${leaseUntil.toISOString()}::timestamptz,
        updated_at = ${now.toISOString()}::timestamptz
    from due, analytics.alert_rules r
    where d.id = due.id and r.id = d.rule_id
    returning d.id, d.url, d.payload, d.attempts, r.webhook_secret as secret,
              (r.deleted_at is not null) as deleted`);
  return rowsOf<Claimed>(result).map((row) => ({
    ...row,
    attempts: Number(row.attempts),
    payload:
      typeof row.payload === 'string' ? (JSON.parse(row.payload) as Record<string, unknown>) : row.payload,
  }));
}

async function settle(
  deps: AnalyticsDeps,
  id: string,
  outcome:
    | { status: 'DELIVERED' }
    | { status: 'FAILED'; error: string }
    | { status: 'PENDING'; error: string; retryAt: Date },
): Promise<void> {
  const now = deps.now();
  await deps.db
    .update(webhookDeliveries)
    .set(
      outcome.status === 'DELIVERED'
        ? { status: 'DELIVERED', lastError: null, updatedAt: now }
        : outcome.status === 'FAILED'
          ? { status: 'FAILED', lastError: outcome.error.slice(0, 500), updatedAt: now }
          : { lastError: outcome.error.slice(0, 500), nextAttemptAt: outcome.retryAt, updatedAt: now },
    )
    .where(eq(webhookDeliveries.id, id));
}

/**
 * Deliveries whose last attempt was claimed by an instance that died mid-send, with no attempt
 * left: their lease has run out, so they would otherwise wait forever.
 */
async function expireAbandoned(deps: AnalyticsDeps): Promise<number> {
  const now = deps.now();
  const result = await deps.db.execute(sql`
    update analytics.webhook_deliveries
    set status = 'FAILED', last_error = coalesce(last_error, 'the last attempt was abandoned'),
        updated_at = ${now.toISOString()}::timestamptz
    where status = 'PENDING' and next_attempt_at <= ${now.toISOString()}::timestamptz
      and attempts >= ${deps.config.webhook.maxAttempts}
    returning id`);
  return rowsOf(result).length;
}

/** Sends what is due, batch by batch: 2xx is delivered, anything else waits its backoff or, out of attempts, fails. */
export async function deliverDue(
  deps: AnalyticsDeps,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const { timeoutMs, maxAttempts, allowPrivate } = deps.config.webhook;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const random = options.random ?? Math.random;
  const batchSize = options.batchSize ?? 10;
  const maxBatches = options.maxBatches ?? 10;
  // Longer than a send can take (DNS check, then the request's own timeout).
  const leaseMs = timeoutMs + 60_000;
  const report: DeliveryReport = { delivered: 0, retrying: 0, failed: await expireAbandoned(deps) };

  const deliverOne = async (row: Claimed) => {
    if (row.deleted || row.secret === null) {
      await settle(deps, row.id, { status: 'FAILED', error: 'the rule was deleted' });
      report.failed += 1;
      return;
    }
    const outcome = await sendWebhook(
      {
        deliveryId: row.id,
        url: row.url,
        secret: row.secret,
        body: JSON.stringify(row.payload),
        at: deps.now(),
      },
      { allowPrivate, timeoutMs, resolve: options.resolve },
    );
    if (outcome.ok) {
      await settle(deps, row.id, { status: 'DELIVERED' });
      report.delivered += 1;
    } else if (row.attempts >= maxAttempts) {
      await settle(deps, row.id, { status: 'FAILED', error: outcome.error });
      report.failed += 1;
    } else {
      const retryAt = new Date(deps.now().getTime() + backoffMs(row.attempts, backoff, random));
      await settle(deps, row.id, { status: 'PENDING', error: outcome.error, retryAt });
      report.retrying += 1;
      deps.logger.info(
        { deliveryId: row.id, attempts: row.attempts, error: outcome.error },
        'webhook will be retried',
      );
    }
  };

  for (let batch = 0; batch < maxBatches; batch += 1) {
    const claimed = await claim(deps, batchSize, leaseMs);
    const results = await Promise.allSettled(claimed.map(deliverOne));
    for (const result of results) {
      // The row stays claimed until its lease ends, then comes back: nothing is lost.
      if (result.status === 'rejected') deps.logger.error({ err: result.reason }, 'webhook delivery failed');
    }
    if (claimed.length < batchSize) break;
  }
  return report;
}
