// Where the platform cases run (embedded PGlite, and PostgreSQL in a fresh database created for
// the run and dropped after it), and what they cost in SQL: statements counted at the client.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { testDatabaseUrl, uniqueName } from '@ukp/kit/testing';
import postgres from 'postgres';

export type PlatformBackend = 'pglite' | 'postgres';

export const backendLabel: Record<PlatformBackend, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' };

/** BENCH_PLATFORM_DB: `pglite`, `postgres`, or both (the default), in that order. */
export function platformBackends(): PlatformBackend[] {
  const wanted = (process.env.BENCH_PLATFORM_DB ?? 'pglite,postgres').split(',').map((s) => s.trim());
  const backends = (['pglite', 'postgres'] as const).filter(
    (b) => wanted.includes(b) || wanted.includes('both'),
  );
  if (backends.length === 0)
    throw new Error(`BENCH_PLATFORM_DB=${process.env.BENCH_PLATFORM_DB}: pglite, postgres or both`);
  return backends;
}

/** BENCH_DATABASE_URL's server when set, else TEST_DATABASE_URL's: the run's database is created on it. */
const serverUrl = process.env.BENCH_DATABASE_URL ?? testDatabaseUrl;

async function onServer<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

export interface BenchDatabase {
  url: string;
  /** `server_version` of the PostgreSQL it is on. */
  version: string;
  drop(): Promise<void>;
}

/** A new empty database for one run; `drop()` removes it even if connections linger. */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = uniqueName('ukp_bench_gateways');
  const version = await onServer(async (sql) => {
    await sql.unsafe(`create database "${name}"`);
    const [row] = await sql<Array<{ v: string }>>`select current_setting('server_version') as v`;
    return row?.v ?? '?';
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  url.searchParams.set('application_name', 'ukp-bench-gateways');
  return {
    url: url.toString(),
    version,
    drop: () =>
      onServer((sql) => sql.unsafe(`drop database if exists "${name}" with (force)`)).then(() => {}),
  };
}

/**
 * Running totals of the platform's SQL, counted at the client: `statements` are what drizzle runs
 * (its logger, through startPlatform's `onQuery`), `transactions` the top-level
 * `db.transaction()` calls, each of which also costs a BEGIN and a COMMIT that drizzle does not
 * log (savepoints of nested transactions are not counted). The analytics subgraph ingests the
 * platform's events in the background (a search, a document view…): its statements, and the
 * transactions that ran any, are kept apart as `background`, as the e2e tests keep them apart.
 */
export interface SqlCounts {
  statements: number;
  transactions: number;
  backgroundStatements: number;
  backgroundTransactions: number;
}

export const isAnalyticsStatement = (query: string) => /"analytics"\.|\banalytics\./.test(query);

export interface SqlCounter {
  counts: SqlCounts;
  /** startPlatform's `onQuery`. */
  onQuery(query: string): void;
  /**
   * Statements logged while `work` runs and 300 ms after (sequential use only: one request, nothing
   * else in flight); the analytics subgraph's only counted.
   */
  capture(work: () => Promise<unknown>): Promise<string[]>;
}

const txContext = new AsyncLocalStorage<{ background: boolean }>();
let activeCounter: SqlCounter | undefined;

/**
 * Counts the transactions of the drizzle the platform uses: wraps `PgDatabase.prototype.transaction`
 * of the copy @ukp/kit imports (both drivers' databases extend it). Bench-only; the kit has an
 * `onQuery` hook for statements but none for transactions.
 */
async function patchTransactions(): Promise<void> {
  const kitRequire = createRequire(new URL('../../../packages/kit/package.json', import.meta.url));
  const cjs = kitRequire.resolve('drizzle-orm/pg-core');
  const pgCore = (await import(pathToFileURL(cjs.replace(/\.cjs$/, '.js')).href)) as {
    PgDatabase: { prototype: { transaction: (...args: unknown[]) => Promise<unknown> } };
  };
  const proto = pgCore.PgDatabase.prototype;
  const original = proto.transaction;
  if ((original as { benchPatched?: boolean }).benchPatched) return;
  const patched = function (this: unknown, ...args: unknown[]) {
    const ctx = { background: false };
    return txContext
      .run(ctx, () => original.apply(this, args))
      .finally(() => {
        if (!activeCounter) return;
        if (ctx.background) activeCounter.counts.backgroundTransactions += 1;
        else activeCounter.counts.transactions += 1;
      });
  };
  (patched as { benchPatched?: boolean }).benchPatched = true;
  proto.transaction = patched;
}

export async function sqlCounter(): Promise<SqlCounter> {
  await patchTransactions();
  let captured: string[] | undefined;
  let capturedBackground = 0;
  const counter: SqlCounter = {
    counts: { statements: 0, transactions: 0, backgroundStatements: 0, backgroundTransactions: 0 },
    onQuery(query) {
      const background = isAnalyticsStatement(query);
      if (background) counter.counts.backgroundStatements += 1;
      else counter.counts.statements += 1;
      const ctx = txContext.getStore();
      if (ctx && background) ctx.background = true;
      if (captured) {
        if (background) capturedBackground += 1;
        else captured.push(query.replace(/\s+/g, ' ').trim());
      }
    },
    async capture(work) {
      captured = [];
      capturedBackground = 0;
      const list = captured;
      const txBefore = counter.counts.transactions;
      try {
        await work();
        // Let what the request set off settle (fire-and-forget writes, analytics batches).
        await new Promise((resolve) => setTimeout(resolve, 300));
      } finally {
        captured = undefined;
      }
      const tx = counter.counts.transactions - txBefore;
      return [
        ...list,
        ...(tx > 0 ? [`-- + ${tx} transaction(s): a BEGIN and a COMMIT each, not logged by drizzle`] : []),
        ...(capturedBackground > 0
          ? [
              `-- + ${capturedBackground} statement(s) of the analytics subgraph meanwhile (background ingestion)`,
            ]
          : []),
      ];
    },
  };
  activeCounter = counter;
  return counter;
}
