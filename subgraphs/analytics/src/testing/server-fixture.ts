import { parseEnv } from '@ukp/kit';
import { type SubgraphFixture, startSubgraphFixture } from '@ukp/kit/testing';
import { type AnalyticsEnv, analyticsEnv } from '../env.js';
import { type AnalyticsServer, createAnalyticsServer } from '../server.js';

export type { TestCaller } from '@ukp/kit/testing';

export interface AnalyticsFixture extends SubgraphFixture<AnalyticsServer, AnalyticsEnv> {
  /** The clock the server reads. */
  clock: { now: Date };
}

export interface StartAnalyticsOptions {
  /** A second instance over the same database, secret, Redis prefix and clock. */
  sameAs?: AnalyticsFixture;
  /** Extra environment (e.g. ANALYTICS_CLAIM_IDLE_MS). */
  env?: Record<string, string>;
  /** false: no Redis (in-process bus, embedded-mode code paths) on the test Postgres. */
  redis?: boolean;
  /** Start the minute timers (default: off; tests call `server.tick()`). */
  timers?: boolean;
}

/** An analytics server on port 0 over a database of its own (or `sameAs`'s) and a Redis prefix of its own. */
export async function startAnalytics(options: StartAnalyticsOptions = {}): Promise<AnalyticsFixture> {
  const clock = options.sameAs?.clock ?? { now: new Date() };
  const fixture = await startSubgraphFixture<AnalyticsServer, AnalyticsEnv>({
    sameAs: options.sameAs,
    parseEnv: (source) => parseEnv(analyticsEnv, source),
    redis: options.redis,
    // Webhook tests deliver to a server on loopback.
    env: { ANALYTICS_WEBHOOK_ALLOW_PRIVATE: 'true', ...options.env },
    start: (env) =>
      createAnalyticsServer({ env, port: 0, now: () => clock.now, timers: options.timers ?? false }),
  });
  return { ...fixture, clock };
}
