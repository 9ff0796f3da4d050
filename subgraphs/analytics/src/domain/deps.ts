import type { BackgroundTasks, Database, EventBus, Logger } from '@ukp/kit';

/** Settings the domain reads, from the environment (see env.ts). */
export interface AnalyticsConfig {
  retentionDays: number;
  anomaly: { threshold: number; minHistory: number; window: number };
  webhook: { allowPrivate: boolean; timeoutMs: number; maxAttempts: number };
}

/** Everything the domain functions need, built once in the composition root. */
export interface AnalyticsDeps {
  db: Database;
  bus: EventBus;
  logger: Logger;
  background: BackgroundTasks;
  now: () => Date;
  config: AnalyticsConfig;
}
