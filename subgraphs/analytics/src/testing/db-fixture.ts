import {
  BackgroundTasks,
  createDatabase,
  createMemoryBus,
  type EventBus,
  runMigrations,
  silentLogger,
} from '@ukp/kit';
import { createTestDatabase, type TestDatabase } from '@ukp/kit/testing';
import type { AnalyticsConfig, AnalyticsDeps } from '../domain/deps.js';
import { MIGRATIONS_FOLDER } from '../migrations-folder.js';

/** Domain-level tests: a migrated database of their own and deps over it, with a clock they move. */
export interface AnalyticsDbFixture {
  deps: AnalyticsDeps;
  database: TestDatabase;
  clock: { now: Date };
  stop(): Promise<void>;
}

export const TEST_CONFIG: AnalyticsConfig = {
  retentionDays: 90,
  anomaly: { threshold: 3.5, minHistory: 30, window: 60 },
  webhook: { allowPrivate: true, timeoutMs: 2000, maxAttempts: 3 },
};

export async function startAnalyticsDb(
  options: { now?: Date; bus?: EventBus; config?: Partial<AnalyticsConfig> } = {},
): Promise<AnalyticsDbFixture> {
  const database = await createTestDatabase();
  const handle = await createDatabase({ url: database.url, poolMax: 4 });
  await runMigrations(handle.db, { folder: MIGRATIONS_FOLDER, schema: 'analytics' });
  const clock = { now: options.now ?? new Date() };
  const bus = options.bus ?? createMemoryBus({});
  const background = new BackgroundTasks(silentLogger());
  const deps: AnalyticsDeps = {
    db: handle.db,
    bus,
    logger: silentLogger(),
    background,
    now: () => clock.now,
    config: { ...TEST_CONFIG, ...options.config },
  };
  return {
    deps,
    database,
    clock,
    async stop() {
      await background.settled();
      if (!options.bus) await bus.close();
      await handle.close();
      await database.drop();
    },
  };
}
