import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-env.js';
import { createDatabase, type Database, type DatabaseHandle, rowsOf } from './database.js';
import { runMigrations } from './migrate.js';

interface Migration {
  tag: string;
  statements: string[];
}

/** Writes a migrations folder the way drizzle-kit does: `meta/_journal.json` plus `NNNN_tag.sql`. */
function writeMigrations(folder: string, migrations: Migration[]): void {
  mkdirSync(join(folder, 'meta'), { recursive: true });
  const journal = {
    version: '7',
    dialect: 'postgresql',
    entries: migrations.map((m, idx) => ({
      idx,
      version: '7',
      when: 1_700_000_000_000 + idx * 1000,
      tag: m.tag,
      breakpoints: true,
    })),
  };
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify(journal, null, 2));
  for (const m of migrations) {
    writeFileSync(join(folder, `${m.tag}.sql`), m.statements.join('\n--> statement-breakpoint\n'));
  }
}

async function tableExists(db: Database, schema: string, table: string): Promise<boolean> {
  const rows = rowsOf<{ n: number | string }>(
    await db.execute(
      sql`select count(*)::int as n from information_schema.tables where table_schema = ${schema} and table_name = ${table}`,
    ),
  );
  return Number(rows[0]?.n) === 1;
}

async function count(db: Database, qualified: string): Promise<number> {
  const rows = rowsOf<{ n: number | string }>(
    await db.execute(sql.raw(`select count(*)::int as n from ${qualified}`)),
  );
  return Number(rows[0]?.n);
}

/** How many migrations the runner has recorded as applied for `schema`. */
async function recorded(db: Database, schema: string): Promise<number> {
  const rows = rowsOf<{ n: number | string }>(
    await db.execute(sql`select count(*)::int as n from ukp_meta.migrations where schema = ${schema}`),
  );
  return Number(rows[0]?.n);
}

const init: Migration = {
  tag: '0000_init',
  statements: [
    'CREATE SCHEMA "app";',
    'CREATE TABLE "app"."notes" ("id" serial PRIMARY KEY NOT NULL, "body" text NOT NULL);',
    `INSERT INTO "app"."notes" ("body") VALUES ('seed');`,
  ],
};
const second: Migration = {
  tag: '0001_tags',
  statements: ['CREATE TABLE "app"."tags" ("id" serial PRIMARY KEY NOT NULL, "name" text NOT NULL);'],
};
const third: Migration = {
  tag: '0002_links',
  statements: ['CREATE TABLE "app"."links" ("id" serial PRIMARY KEY NOT NULL);'],
};
const broken: Migration = {
  tag: '0003_broken',
  statements: [
    'CREATE TABLE "app"."audit" ("id" serial PRIMARY KEY NOT NULL);',
    'ALTER TABLE "app"."no_such_table" ADD COLUMN "x" integer;',
  ],
};

function migrationSuite(name: string, open: () => Promise<DatabaseHandle>, teardown: () => Promise<void>) {
  describe(`runMigrations on ${name}`, () => {
    let handle: DatabaseHandle;
    let workDir: string;
    beforeAll(async () => {
      handle = await open();
      workDir = mkdtempSync(join(tmpdir(), 'ukp-migrations-'));
    });
    afterAll(async () => {
      await handle?.close();
      await teardown();
      rmSync(workDir, { recursive: true, force: true });
    });

    // The statements name the schema "app"; each test gets a schema of its own by rewriting it.
    let counter = 0;
    function setup() {
      counter += 1;
      const schema = `mig_${counter}`;
      const folder = join(workDir, schema);
      const rewrite = (m: Migration): Migration => ({
        tag: m.tag,
        statements: m.statements.map((s) => s.replaceAll('"app"', `"${schema}"`)),
      });
      return {
        schema,
        folder,
        write: (list: Migration[]) => writeMigrations(folder, list.map(rewrite)),
        run: () => runMigrations(handle.db, { folder, schema }),
      };
    }

    it('applies, then finds nothing to do, then applies only what is new', async () => {
      const m = setup();
      m.write([init]);
      expect(await m.run()).toEqual({ applied: ['0000_init'] });
      expect(await tableExists(handle.db, m.schema, 'notes')).toBe(true);
      expect(await count(handle.db, `"${m.schema}"."notes"`)).toBe(1);

      expect(await m.run()).toEqual({ applied: [] });
      expect(await count(handle.db, `"${m.schema}"."notes"`)).toBe(1); // the seed did not run twice

      m.write([init, second]);
      expect(await m.run()).toEqual({ applied: ['0001_tags'] });
      expect(await tableExists(handle.db, m.schema, 'tags')).toBe(true);
      expect(await recorded(handle.db, m.schema)).toBe(2);
      expect(await count(handle.db, `"${m.schema}"."notes"`)).toBe(1);
    });

    it('rolls the whole batch back when one migration fails, naming the migration and statement', async () => {
      const m = setup();
      m.write([init]);
      await m.run();
      m.write([init, third, broken]);
      const error = await m.run().then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(Error);
      expect(error?.message).toContain(`${m.schema}/0003_broken`);
      expect(error?.message).toContain('statement 2');
      expect(error?.message).toContain('no_such_table');
      expect(error?.cause).toBeDefined();
      // Neither the good migration of the batch nor the first statement of the bad one stayed.
      expect(await tableExists(handle.db, m.schema, 'links')).toBe(false);
      expect(await tableExists(handle.db, m.schema, 'audit')).toBe(false);
      expect(await recorded(handle.db, m.schema)).toBe(1);

      // Once fixed, the batch applies as a whole.
      m.write([init, third, { tag: broken.tag, statements: [broken.statements[0] ?? ''] }]);
      expect(await m.run()).toEqual({ applied: ['0002_links', '0003_broken'] });
      expect(await tableExists(handle.db, m.schema, 'links')).toBe(true);
      expect(await tableExists(handle.db, m.schema, 'audit')).toBe(true);
    });

    it('rejects a folder without a journal', async () => {
      const m = setup();
      mkdirSync(m.folder, { recursive: true });
      await expect(m.run()).rejects.toThrow(/_journal\.json/);
    });
  });
}

let pgDatabase: TestDatabase | undefined;
migrationSuite(
  'Postgres',
  async () => {
    pgDatabase = await createTestDatabase();
    return createDatabase({ url: pgDatabase.url, poolMax: 2 });
  },
  async () => {
    await pgDatabase?.drop();
  },
);

const pgliteDir = mkdtempSync(join(tmpdir(), 'ukp-pglite-'));
migrationSuite(
  'PGlite',
  () => createDatabase({ dataDir: pgliteDir }),
  async () => rmSync(pgliteDir, { recursive: true, force: true }),
);

describe('runMigrations concurrency on Postgres', () => {
  let database: TestDatabase;
  let folder: string;
  const handles: DatabaseHandle[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    folder = mkdtempSync(join(tmpdir(), 'ukp-migrations-'));
  });
  afterAll(async () => {
    await Promise.all(handles.map((h) => h.close()));
    await database?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('two runners starting together apply each migration exactly once', async () => {
    writeMigrations(folder, [init, second, third]);
    for (let i = 0; i < 2; i += 1) handles.push(await createDatabase({ url: database.url, poolMax: 2 }));
    const [a, b] = handles;
    if (!a || !b) throw new Error('handles not opened');
    const results = await Promise.all([
      runMigrations(a.db, { folder, schema: 'app' }),
      runMigrations(b.db, { folder, schema: 'app' }),
    ]);
    const all = results.flatMap((r) => r.applied).sort();
    expect(all).toEqual(['0000_init', '0001_tags', '0002_links']);
    // One runner did the work, the other waited for the lock and then found nothing to do.
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 3]);
    expect(await recorded(a.db, 'app')).toBe(3);
    expect(await count(a.db, '"app"."notes"')).toBe(1);
    const tables = rowsOf<{ n: number }>(
      await a.db.execute(
        sql`select count(*)::int as n from pg_tables where schemaname = 'app' and tablename in ('notes', 'tags', 'links')`,
      ),
    );
    expect(tables[0]?.n).toBe(3);
  });
});
