import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { Logger } from 'pino';
import postgres from 'postgres';
import { preparing } from './prepared.js';
import { pgliteRlsRunner } from './rls-pglite.js';
import { postgresRlsRunner } from './rls-postgres.js';
import { registerRlsRunner } from './rls-runners.js';

/** A drizzle handle over either driver; domain code sees only this. */
export type Database = PgDatabase<PgQueryResultHKT>;

export interface DatabaseHandle {
  db: Database;
  kind: 'postgres' | 'pglite';
  /** Where it is: the URL without credentials, or the data folder. */
  location: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A `postgres://` URL; without one the embedded PGlite in `dataDir` is used. */
  url?: string | undefined;
  dataDir?: string;
  poolMax?: number;
  /**
   * Prepare statements on PostgreSQL (prepared.ts; the default). Off for a pooler that cannot
   * keep them, e.g. PgBouncer in transaction mode before 1.21: then a statement with parameters
   * costs postgres-js a describe round trip before each run.
   */
  prepare?: boolean;
  logger?: Logger;
  /** Called with every SQL statement: query counting in tests, debug logging. */
  onQuery?: (query: string) => void;
}

interface SharedPglite {
  client: PGlite;
  users: number;
}

// PGlite costs seconds and hundreds of MB to open, and a data folder must have one owner, so every
// service in the process shares one instance per folder; it closes when its last user closes.
const pglites = new Map<string, Promise<SharedPglite>>();

async function openPglite(dataDir: string): Promise<SharedPglite> {
  let entry = pglites.get(dataDir);
  if (!entry) {
    entry = (async () => {
      mkdirSync(dataDir, { recursive: true });
      // Extensions a subgraph's migrations may CREATE must be loaded into PGlite up front.
      const client = await PGlite.create(dataDir, { extensions: { pg_trgm } });
      return { client, users: 0 };
    })();
    pglites.set(dataDir, entry);
  }
  const shared = await entry;
  shared.users += 1;
  return shared;
}

export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** The longest wait between a connection's attempts to reach a database that is away. */
const RECONNECT_BACKOFF_MAX_S = 0.25;
/** A database that does not answer a connection attempt at all (a dead host) within this is down. */
const CONNECT_TIMEOUT_S = 2;

export async function createDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const drizzleLogger = options.onQuery
    ? { logQuery: (query: string) => options.onQuery?.(query) }
    : undefined;

  if (options.url) {
    const prepare = options.prepare ?? true;
    const client = postgres(options.url, {
      max: options.poolMax ?? 10,
      // Off, postgres-js prepares nothing, whoever asks (drizzle's named queries included).
      prepare,
      // While the database is away a query waits for its connection's next attempt: postgres-js'
      // default backoff grows to 20 s and its connect timeout is 30 s, so requests would sit
      // past the gateway's timeout instead of failing fast with SERVICE_UNAVAILABLE. A refused
      // attempt costs nothing; a capped backoff also brings the pool back soon after a restart.
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, RECONNECT_BACKOFF_MAX_S),
      connect_timeout: CONNECT_TIMEOUT_S,
      onnotice: () => {},
      // Prepared statements (prepared.ts) are planned afresh each run, as unnamed ones are. Left
      // out when nothing is prepared: it is not needed then, and PgBouncer refuses a startup
      // parameter it does not know unless told to ignore it (`ignore_startup_parameters`).
      connection: prepare
        ? { application_name: 'ukp', plan_cache_mode: 'force_custom_plan' }
        : { application_name: 'ukp' },
    });
    const db = drizzlePostgres(
      prepare ? preparing(client) : client,
      drizzleLogger ? { logger: drizzleLogger } : {},
    ) as unknown as Database;
    registerRlsRunner(db, postgresRlsRunner(db));
    return {
      db,
      kind: 'postgres',
      location: redactUrl(options.url),
      ping: async () => {
        await client`select 1`;
      },
      close: () => client.end({ timeout: 5 }),
    };
  }

  const dataDir = options.dataDir ?? '.data';
  const folder = `${dataDir}/pglite`;
  const shared = await openPglite(folder);
  const db = drizzlePglite(
    shared.client,
    drizzleLogger ? { logger: drizzleLogger } : {},
  ) as unknown as Database;
  registerRlsRunner(db, pgliteRlsRunner(shared.client, db));
  let closed = false;
  return {
    db,
    kind: 'pglite',
    location: folder,
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      shared.users -= 1;
      if (shared.users === 0) {
        pglites.delete(folder);
        await shared.client.close();
      }
    },
  };
}

/** Rows of a `db.execute()` result, whichever driver produced it. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
