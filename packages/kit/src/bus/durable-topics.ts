/**
 * The platform events analytics consumes. With Redis, publishing one of them also appends it to a
 * Redis Stream per event family (the part of the topic before the first dot), so a consumer group
 * can read them at least once even when no consumer was listening at the time. Other topics stay
 * pub/sub only: nothing reads them later, and a stream entry per publish would cost memory for
 * nothing.
 */
export const DURABLE_TOPICS: readonly string[] = Object.freeze([
  'user.signed_up',
  'user.logged_in',
  'search.performed',
  'question.asked',
  'document.created',
  'document.published',
  'document.viewed',
  'gateway.request',
  'gateway.subscriptions',
  'ml.traffic_split_set',
  'ml.model_served',
  'ml.suggestion_accepted',
  'ml.suggestion_rejected',
  'ml.drift_detected',
]);

const durable = new Set(DURABLE_TOPICS);

export function isDurableTopic(topic: string): boolean {
  return durable.has(topic);
}

/** `document.viewed` → `document`; a topic without a dot is its own family. */
export function streamFamilyOf(topic: string): string {
  const dot = topic.indexOf('.');
  return dot < 0 ? topic : topic.slice(0, dot);
}

/** The Redis Stream holding the topic's family: `${prefix}stream:${family}`. */
export function streamKeyOf(prefix: string, topic: string): string {
  return `${prefix}stream:${streamFamilyOf(topic)}`;
}
