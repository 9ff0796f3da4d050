// Fresh PostgreSQL databases for a bench run, on BENCH_DATABASE_URL's server when set, else
// TEST_DATABASE_URL's; each is dropped after its run even if connections linger.
import { testDatabaseUrl, uniqueName } from '@ukp/kit/testing';
import postgres from 'postgres';

/** The server bench databases are created on. */
export const benchServerUrl = process.env.BENCH_DATABASE_URL ?? testDatabaseUrl;

export interface BenchDatabase {
  url: string;
  /** `server_version` of the PostgreSQL it is on. */
  version: string;
  drop(): Promise<void>;
}

async function onServer<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(benchServerUrl, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

/** A new empty database named after `prefix`; its connections carry `applicationName` when given. */
export async function createBenchDatabase(prefix: string, applicationName?: string): Promise<BenchDatabase> {
  const name = uniqueName(prefix);
  await onServer((sql) => sql.unsafe(`create database "${name}"`));
  const version = await postgresVersion();
  const url = new URL(benchServerUrl);
  url.pathname = `/${name}`;
  if (applicationName) url.searchParams.set('application_name', applicationName);
  return {
    url: url.toString(),
    version,
    drop: () =>
      onServer((sql) => sql.unsafe(`drop database if exists "${name}" with (force)`)).then(() => {}),
  };
}

/** `server_version` of the server the bench databases are created on. */
export function postgresVersion(): Promise<string> {
  return onServer(async (sql) => {
    const [row] = await sql<Array<{ v: string }>>`select current_setting('server_version') as v`;
    return row?.v ?? '?';
  });
}
