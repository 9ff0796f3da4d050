/** What analytics publishes on the bus for its own subscriptions, across instances. */
export const LIVE_TOPICS = {
  /** `MetricSamplePayload`: a metric's current one-minute value changed (≤ 1/s per metric per instance). */
  metric: 'analytics.metric',
  /** `AnomalyPayload`: the detector stored a new anomaly (published by the instance that stored it). */
  anomaly: 'analytics.anomaly',
  /** `NotificationPayload`: an alert rule fired for its owner. */
  notification: 'analytics.notification',
} as const;

export interface MetricSamplePayload {
  metric: string;
  value: number;
  /** ISO start of the minute. */
  at: string;
}

export interface AnomalyPayload {
  metric: string;
  at: string;
  value: number;
  expected: number;
  score: number;
}

export interface NotificationPayload {
  id: string;
  userId: string;
  ruleId: string;
  metric: string;
  message: string;
  value: number;
  at: string;
}
