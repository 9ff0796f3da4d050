import { randomBytes } from 'node:crypto';
import { createEventBus, createRedis, type EventBus, type Redis, silentLogger } from '@ukp/kit';
import { createTestDatabase, type TestDatabase, testRedisUrl, uniqueRedisPrefix } from '@ukp/kit/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort, type ServiceProcess, startService } from '../testkit/processes.js';

/**
 * The durable pipeline with real processes: two analytics instances in one Redis consumer group
 * read the platform's event streams while a publisher keeps sending; one is SIGKILLed half-way.
 * Every event must be counted exactly once: none lost with the dead instance (its pending entries
 * are claimed by the live one), none counted twice (a batch committed but not acknowledged before
 * the kill comes again, and its idempotency keys turn it away).
 */
describe('analytics event streams survive a SIGKILL', () => {
  let database: TestDatabase;
  let sql: postgres.Sql;
  let bus: EventBus;
  let redis: Redis;
  const prefix = uniqueRedisPrefix();
  const instances: ServiceProcess[] = [];

  const env = (name: string, port: number): Record<string, string> => ({
    ANALYTICS_PORT: String(port),
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl,
    REDIS_KEY_PREFIX: prefix,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    ANALYTICS_CONSUMER_NAME: name,
    ANALYTICS_CLAIM_IDLE_MS: '1500',
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    sql = postgres(database.url, { max: 2, onnotice: () => {} });
    bus = await createEventBus({ redisUrl: testRedisUrl, prefix, logger: silentLogger(), name: 'publisher' });
    redis = await createRedis({ url: testRedisUrl, name: 'durability-test' });
    const [portA, portB] = await Promise.all([freePort(), freePort()]);
    // One at a time: both would migrate the same database (an advisory lock makes that safe, but
    // the second's readiness would wait on the first's migration anyway).
    instances.push(
      await startService('analytics A', 'subgraphs/analytics/src/main.ts', portA, env('a', portA)),
    );
    instances.push(
      await startService('analytics B', 'subgraphs/analytics/src/main.ts', portB, env('b', portB)),
    );
  });
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await bus?.close();
    await redis?.quit();
    await sql?.end();
    await database?.drop();
  });

  it('counts every event once across two consumers, one of them killed mid-stream', async () => {
    const total = 3000;
    const publish = async (from: number, to: number) => {
      for (let i = from; i < to; i += 50) {
        await Promise.all(
          Array.from({ length: Math.min(50, to - i) }, (_, k) =>
            bus.publish('search.performed', {
              query: `q${i + k}`,
              resultCount: 1,
              latencyMs: 1,
              userId: `user-${(i + k) % 40}`,
            }),
          ),
        );
      }
    };
    await publish(0, 1000);
    // Freeze A, then take entries into A's name exactly as its blocked read would have (which of
    // two blocked readers Redis serves is a race): they are pending on a consumer that will die.
    const a = instances[0]!;
    a.child.kill('SIGSTOP');
    await publish(1000, 2000);
    const taken = (await redis.xreadgroup(
      'GROUP',
      'analytics',
      'a',
      'COUNT',
      200,
      'STREAMS',
      `${prefix}stream:search`,
      '>',
    )) as Array<[string, unknown[]]> | null;
    const pending = (await redis.xpending(`${prefix}stream:search`, 'analytics')) as [
      number,
      string | null,
      string | null,
      Array<[string, string]> | null,
    ];
    const onA = Number(pending[3]?.find(([consumer]) => consumer === 'a')?.[1] ?? 0);
    expect(onA).toBeGreaterThan(0);
    expect(taken?.[0]?.[1].length ?? 0).toBeGreaterThan(0);
    const next = 2000;
    await a.kill();
    await publish(next, total);

    await vi.waitFor(
      async () => {
        const [row] = await sql<Array<{ counted: number; raw: number; keys: number }>>`
          select
            (select coalesce(sum(count), 0)::float8 from analytics.metric_windows
              where metric = 'searches' and interval = 'MINUTE') as counted,
            (select count(*)::int from analytics.events where name = 'search.performed') as raw,
            (select count(*)::int from analytics.event_keys) as keys`;
        expect(row).toEqual({ counted: total, raw: total, keys: total });
      },
      { timeout: 45_000, interval: 500 },
    );
    // And it stays there: nothing arrives twice later (a late redelivery would push it over).
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const [after] = await sql<Array<{ counted: number }>>`
      select coalesce(sum(count), 0)::float8 as counted from analytics.metric_windows
      where metric = 'searches' and interval = 'HOUR'`;
    expect(after?.counted).toBe(total);
  });
});
