import { randomUUID } from 'node:crypto';
import type { EventBus, Logger } from '@ukp/kit';

export const GATEWAY_SUBSCRIPTIONS_TOPIC = 'gateway.subscriptions';

/** The gateway's count of running client subscriptions (topic `gateway.subscriptions`). */
export interface GatewaySubscriptionsEvent {
  active: number;
  /** ISO-8601 time the count was read. */
  at: string;
  /**
   * The gateway that counted (random per start): with several gateways the platform's count is
   * the sum of each one's latest, and one silent for a few heartbeats has gone.
   */
  instance: string;
}

export interface SubscriptionGaugeOptions {
  bus: EventBus;
  /** The count now, read without I/O (`subscriptions.stats().subscriptions`). */
  active: () => number;
  logger: Logger;
  instance?: string;
  /** How often the count is read: a change is published at most this often (ms, default 1000). */
  checkMs?: number;
  /** The count is published at least this often, changed or not (ms, default 15000). */
  heartbeatMs?: number;
  now?: () => Date;
}

/**
 * Publishes the count of active subscriptions when it changes (at most once per `checkMs`) and on
 * a heartbeat regardless, so a consumer that joins late, or missed an event, catches up. Fire and
 * forget: a failing bus costs a log line, never the gateway. Returns the function that stops it.
 */
export function startSubscriptionGauge(options: SubscriptionGaugeOptions): () => void {
  const { bus, logger } = options;
  const instance = options.instance ?? randomUUID();
  const checkMs = options.checkMs ?? 1000;
  const heartbeatChecks = Math.max(1, Math.round((options.heartbeatMs ?? 15_000) / checkMs));
  const now = options.now ?? (() => new Date());
  let published: number | undefined;
  let checksSincePublished = 0;
  let failing = false;

  const failed = (error: unknown) => {
    // One line while the bus stays broken, not one a second.
    if (!failing) logger.warn({ err: error }, 'subscription count not published');
    failing = true;
  };

  const check = () => {
    let active: number;
    try {
      active = options.active();
    } catch (error) {
      logger.warn({ err: error }, 'could not count the active subscriptions');
      return;
    }
    checksSincePublished += 1;
    if (active === published && checksSincePublished < heartbeatChecks) return;
    published = active;
    checksSincePublished = 0;
    const event: GatewaySubscriptionsEvent = { active, at: now().toISOString(), instance };
    try {
      bus.publish(GATEWAY_SUBSCRIPTIONS_TOPIC, event).then(() => {
        failing = false;
      }, failed);
    } catch (error) {
      failed(error);
    }
  };

  check();
  const timer = setInterval(check, checkMs);
  timer.unref();
  return () => clearInterval(timer);
}
