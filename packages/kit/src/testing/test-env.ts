import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/**
 * Test infrastructure: real Postgres and Redis, never mocks. `TEST_DATABASE_URL` names a database
 * we may connect to and create databases from (`.ci/run` makes a fresh one); each test file gets a
 * database and a Redis key prefix of its own, so files run in parallel.
 */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

export function uniqueRedisPrefix(): string {
  return `${uniqueName('ukptest')}:`;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A new empty database on the test server; `drop()` removes it even if connections linger. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
  const name = uniqueName('ukp_t');
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const conn = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
      try {
        await conn.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await conn.end();
      }
    },
  };
}
