import { Redis } from 'ioredis';
import postgres from 'postgres';
import { testDatabaseUrl, testRedisUrl } from './test-env.js';

/** Fails the run at once, with the fix, when Postgres or Redis is not there. */
export default async function setup() {
  const sql = postgres(testDatabaseUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
  } catch (error) {
    throw new Error(
      `Integration tests need PostgreSQL at ${new URL(testDatabaseUrl).host} (TEST_DATABASE_URL): ${(error as Error).message}`,
    );
  } finally {
    await sql.end();
  }
  const redis = new Redis(testRedisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(
      `Integration tests need Redis at ${testRedisUrl} (TEST_REDIS_URL): ${(error as Error).message}`,
    );
  } finally {
    redis.disconnect();
  }
}
