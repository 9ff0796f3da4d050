import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Logger } from 'pino';
import { type Database, rowsOf } from './database.js';

export interface MigrateOptions {
  /** Folder of drizzle-kit's generated migrations (with `meta/_journal.json`). */
  folder: string;
  /** The Postgres schema this service owns; applied migrations are recorded per schema in `ukp_meta.migrations`. */
  schema: string;
  logger?: Logger;
}

export interface MigrateResult {
  applied: string[];
}

/**
 * Applies drizzle-kit migrations in one transaction under a transaction-scoped advisory lock, so
 * two instances starting together never race: the second waits, then finds nothing to do. Any
 * failure rolls the whole batch back and is rethrown with the failing migration and statement.
 */
export async function runMigrations(db: Database, options: MigrateOptions): Promise<MigrateResult> {
  const migrations = readMigrationFiles({ migrationsFolder: options.folder });
  // drizzle's reader drops the tags; the journal lists them in the same order, and people know
  // a migration by its file name (`0003_add_tags`), not by its timestamp.
  const journal = JSON.parse(readFileSync(join(options.folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ tag: string }>;
  };
  const table = sql.raw('ukp_meta.migrations');
  const applied: string[] = [];

  await db.transaction(async (tx) => {
    // One lock for every schema: the bookkeeping schema is shared, and creating it is not race-free.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('ukp:migrate'))`);
    await tx.execute(sql`create schema if not exists ukp_meta`);
    await tx.execute(
      sql`create table if not exists ${table} (id serial primary key, schema text not null, hash text not null, folder_millis bigint not null, applied_at timestamptz not null default now(), unique (schema, hash))`,
    );
    const done = new Set(
      rowsOf<{ hash: string }>(
        await tx.execute(sql`select hash from ${table} where schema = ${options.schema}`),
      ).map((r) => r.hash),
    );
    for (const [position, migration] of migrations.entries()) {
      if (done.has(migration.hash)) continue;
      const name = journal.entries[position]?.tag ?? String(migration.folderMillis);
      for (const [index, statement] of migration.sql.entries()) {
        if (!statement.trim()) continue;
        try {
          await tx.execute(sql.raw(statement));
        } catch (error) {
          const cause = error instanceof Error ? error.message : String(error);
          throw new Error(
            `migration ${options.schema}/${name} failed at statement ${index + 1}: ${cause}\n${statement.slice(0, 500)}`,
            { cause: error },
          );
        }
      }
      await tx.execute(
        sql`insert into ${table} (schema, hash, folder_millis) values (${options.schema}, ${migration.hash}, ${migration.folderMillis})`,
      );
      applied.push(name);
    }
  });

  if (applied.length > 0) options.logger?.info({ schema: options.schema, applied }, 'migrations applied');
  else options.logger?.debug({ schema: options.schema }, 'migrations up to date');
  return { applied };
}
