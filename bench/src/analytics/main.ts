// `pnpm bench:analytics`: the analytics subgraph on PostgreSQL and Redis, without the gateway.
// 1. Ingestion, sustained: `trackEvents` over HTTP, then platform events through the Redis bus,
//    into the subgraph running as its own process; events/s and SQL statements per batch and event.
// 2. Reads from the roll-ups at 10^5, 10^6 and 10^7 raw events (bulk-seeded over 30 days):
//    p50/p95 of timeSeries and kpis as ratios to a `{ __typename }` baseline at each size.
// Each phase has a fresh database (created and dropped) on BENCH_DATABASE_URL's server, else
// TEST_DATABASE_URL's; Redis is TEST_REDIS_URL under a fresh key prefix, deleted at the end.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname, loadavg } from 'node:os';
import { join } from 'node:path';
import { analyticsEnv, createAnalyticsServer } from '@ukp/analytics';
import {
  createEventBus,
  createLogger,
  createTokenSigner,
  parseEnv,
  Resources,
  type Role,
  silentLogger,
  tokenConfigFromEnv,
} from '@ukp/kit';
import { testRedisUrl, uniqueRedisPrefix } from '@ukp/kit/testing';
import postgres from 'postgres';
import { CORES, clearRedisPrefix, createBenchDatabase, postgresVersion } from './infra.js';
import { busDrain, busLiveLoad, type IngestRun, publishBacklog, trackEventsLoad } from './ingest.js';
import { ask, measureReads, readCases } from './reads.js';
import { flatness, ingestTable, type ReadSize, readTable } from './report.js';
import { seedEvents } from './seed.js';
import { startAnalyticsProcess } from './server-process.js';
import { USER_IDS } from './traffic.js';

const seconds = Number(process.env.BENCH_ANALYTICS_SECONDS ?? 60);
const maxEvents = Number(process.env.BENCH_ANALYTICS_MAX_EVENTS ?? 10_000_000);
const warmupSeconds = Math.min(5, Math.max(1, Math.round(seconds / 10)));
const SIZES = [...new Set([100_000, 1_000_000, 10_000_000].map((n) => Math.min(n, maxEvents)))];
/** The drain's backlog: about `seconds` of consumption at 15,000 events/s. */
const DRAIN_BACKLOG = Math.round(seconds * 15_000);
const READ_ROUNDS = 10;
const READ_PER_ROUND = 30;
/** The platform topics the bus load publishes: their DAY windows sum to the events counted. */
const BUS_TOPICS = ['gateway.request', 'search.performed', 'document.viewed', 'user.logged_in'];
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const log = (line: string) => console.error(`[bench:analytics] ${line}`);
const prefix = uniqueRedisPrefix();
const secret = randomBytes(48).toString('base64url');

/** The analytics service's settings for one phase (production mode, quiet logs). */
function serviceEnv(databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_URL: testRedisUrl,
    REDIS_KEY_PREFIX: prefix,
    JWT_SECRET: secret,
  };
}

const signer = await createTokenSigner(
  tokenConfigFromEnv(parseEnv(analyticsEnv, serviceEnv('postgres://-'))),
);
const token = async (roles: Role[]) =>
  (await signer.sign({ sub: randomUUID(), sid: randomUUID(), roles })).token;

/** Closes what a phase opened, in reverse order, also when it failed half-way. */
async function phase<T>(run: (opened: Resources) => Promise<T>): Promise<T> {
  const opened = new Resources(createLogger({ service: 'bench-analytics', level: 'warn' }));
  try {
    return await run(opened);
  } finally {
    await opened.closeAll();
  }
}

async function newDatabase(opened: Resources) {
  const database = await createBenchDatabase();
  opened.add('database', database.drop);
  const sql = postgres(database.url, { max: 2, onnotice: () => {} });
  opened.add('connections', () => sql.end());
  return { url: database.url, sql };
}

const ingestion = () =>
  phase(async (opened): Promise<IngestRun[]> => {
    const { url, sql } = await newDatabase(opened);
    let server = await startAnalyticsProcess(serviceEnv(url));
    opened.add('analytics', () => server.stop());
    // Each family's stream keeps the whole drain backlog (~400 B an entry; deleted at the end).
    const bus = await createEventBus({
      redisUrl: testRedisUrl,
      prefix,
      name: 'bench-analytics',
      streamMaxLen: Math.max(DRAIN_BACKLOG, 100_000),
    });
    opened.add('bus', () => bus.close());

    log(`trackEvents: ${warmupSeconds} s warm-up, then ${seconds} s…`);
    const track = await trackEventsLoad(server, {
      seconds,
      warmupSeconds,
      clients: 4,
      batch: 500,
      token: () => token(['VIEWER']),
    });
    log(`trackEvents: ${Math.round(track.events / track.seconds)} events/s`);

    const counted = async () => {
      const [row] = await sql<Array<{ n: number }>>`
        select coalesce(sum(count), 0)::float8 as n from analytics.metric_windows
        where interval = 'DAY' and metric in ${sql(BUS_TOPICS)}`;
      return row?.n ?? 0;
    };
    log(`bus, live: ${warmupSeconds} s warm-up, then ${seconds} s…`);
    const live = await busLiveLoad(server, bus, {
      seconds,
      warmupSeconds,
      chunk: 500,
      maxBacklog: 20_000,
      counted,
    });
    log(`bus, live: ${Math.round(live.events / live.seconds)} events/s`);

    await server.stop();
    log(`bus, drain: publishing ${DRAIN_BACKLOG.toLocaleString('en')} events with analytics stopped…`);
    const target = (await counted()) + DRAIN_BACKLOG;
    await publishBacklog(bus, DRAIN_BACKLOG, 500);
    server = await startAnalyticsProcess(serviceEnv(url));
    const drain = await busDrain(server, DRAIN_BACKLOG, target, counted);
    log(`bus, drain: ${Math.round(drain.events / drain.seconds)} events/s`);

    // Exactly once: the windows' total is the raw events stored, is the stream's delivered keys.
    const [raw] = await sql<Array<{ n: number; keys: number }>>`
      select (select count(*) from analytics.events where source = 'platform')::float8 as n,
             (select count(*) from analytics.event_keys where key like 'p:%')::float8 as keys`;
    const windows = await counted();
    if (raw?.n !== windows || raw?.keys !== windows)
      throw new Error(`counted ${windows} in the windows, ${raw?.n} raw events, ${raw?.keys} keys`);
    return [track, live, drain];
  });

const reads = (end: number) =>
  phase(async (opened): Promise<ReadSize[]> => {
    const { url, sql } = await newDatabase(opened);
    // In this process only for its ingest pipeline, which writes the seeded roll-ups.
    const env = parseEnv(analyticsEnv, serviceEnv(url));
    const seeder = await createAnalyticsServer({ env, port: 0, logger: silentLogger(), timers: false });
    opened.add('seeder', () => seeder.stop());
    // The reads are answered as in production: the subgraph in its own process, NODE_ENV=production
    // (graphql-js and Apollo Server skip their development checks only then).
    const server = await startAnalyticsProcess(serviceEnv(url));
    opened.add('analytics', () => server.stop());
    const cases = readCases(end);
    const sizes: ReadSize[] = [];
    let seeded = 0;
    for (const size of SIZES) {
      log(
        `reads: seeding ${(size - seeded).toLocaleString('en')} more raw events (to ${size.toLocaleString('en')})…`,
      );
      const seed = {
        sql,
        pipeline: seeder.pipeline,
        start: end - 30 * DAY_MS,
        end,
        users: USER_IDS.length,
        log,
      };
      await seedEvents(seed, size - seeded);
      seeded = size;
      // Where autovacuum would have got to after a bulk load: visibility map and planner statistics.
      await sql`vacuum (analyze) analytics.metric_windows, analytics.user_activity`;

      const analyst = await token(['ANALYST']);
      const [counts] = await sql<
        Array<{ raw: number; requests: number; windows: number; userHours: number }>
      >`
        select (select count(*) from analytics.events)::float8 as raw,
               (select count(*) from analytics.events where name = 'gateway.request')::float8 as requests,
               (select count(*) from analytics.metric_windows)::float8 as windows,
               (select count(*) from analytics.user_activity)::float8 as "userHours"`;
      // The series must read the seeded roll-ups: its points add up to the raw gateway samples.
      const series = await ask<{ timeSeries: Array<{ value: number }> }>(server.url, analyst, cases[1]!);
      const total = series.timeSeries.reduce((a, p) => a + p.value, 0);
      if (counts?.raw !== size || Math.round(total) !== counts.requests)
        throw new Error(
          `seeded ${counts?.raw} raw events (${size} meant); series ${total} vs ${counts?.requests}`,
        );

      log(`reads: measuring at ${size.toLocaleString('en')} raw events…`);
      const stats = await measureReads(server.url, analyst, cases, READ_ROUNDS, READ_PER_ROUND);
      sizes.push({ events: size, windows: counts.windows, userHours: counts.userHours, stats });
      log(stats.map((s) => `${s.name} p50 ${s.p50.toFixed(2)} ms`).join('; '));
    }
    return sizes;
  });

try {
  const version = await postgresVersion();
  const loadBefore = loadavg()[0]!;
  const ingest = await ingestion();
  // The read window: the 30 days up to the last whole hour (720 HOUR points).
  const end = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  const read = await reads(end);
  const report = [
    `# Analytics bench (${new Date().toISOString()})`,
    '',
    `${CORES} cores (${hostname()}), PostgreSQL ${version}, Redis; the gateway is not running — only the analytics subgraph, PostgreSQL, Redis and this load generator. Load average (1 min) ${loadBefore.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end.`,
    '',
    `## Ingestion, sustained ${seconds} s each (after ${warmupSeconds} s of warm-up)`,
    '',
    'The analytics subgraph runs in its own process (`createAnalyticsServer`, NODE_ENV=production); this process is the load generator. events/s: what the pipeline committed over the measured period. **trackEvents**: closed-loop clients, each its own signed-in user, 500 events a call with client ids. **bus, live**: platform events (80% `gateway.request` samples, searches, document views, logins) published through `createEventBus` (PUBLISH + XADD per event) while the consumer group reads them, from the first publish to the last event counted (publish → committed). **bus, drain**: the same events published while analytics was stopped, then counted from its restart until the last one committed — the consumer alone, the publisher idle. SQL: statements the service issued (`onQuery`), besides each transaction’s BEGIN and COMMIT. Cores: CPU time over wall time (`/proc`); "other" is the rest of the machine (not ours).',
    '',
    ingestTable(ingest),
    '',
    `## Reads from the roll-ups (ANALYST, HTTP to the subgraph, ${READ_ROUNDS} interleaved rounds × ${READ_PER_ROUND} requests each)`,
    '',
    `Raw events spread over the 30 days before ${new Date(end).toISOString()}, ${USER_IDS.length.toLocaleString('en')} users; roll-ups written by the ingest pipeline from the inserted rows.`,
    '',
    readTable(read),
    '',
    flatness(read),
    '',
  ].join('\n');
  console.log(report);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(join('bench-results', 'analytics.md'), report);
} finally {
  await clearRedisPrefix(prefix);
}
