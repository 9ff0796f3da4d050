import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-env.js';
import { createDatabase, type Database, type DatabaseHandle, rowsOf } from './database.js';
import { type RlsIdentity, withRls } from './rls.js';

// Roles are cluster-wide and other files may create theirs at the same time: idempotent.
const ROLE = 'ukp_kit_rls_test_reader';
const setup = [
  `DO $$ BEGIN
     IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${ROLE}') THEN CREATE ROLE ${ROLE} NOLOGIN; END IF;
   EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
  'CREATE SCHEMA IF NOT EXISTS rls_test',
  'CREATE TABLE IF NOT EXISTS rls_test.notes (id serial PRIMARY KEY, owner text NOT NULL, private boolean NOT NULL, body text NOT NULL)',
  `GRANT USAGE ON SCHEMA rls_test TO ${ROLE}`,
  `GRANT SELECT, INSERT ON rls_test.notes TO ${ROLE}`,
  `GRANT USAGE ON SEQUENCE rls_test.notes_id_seq TO ${ROLE}`,
  'ALTER TABLE rls_test.notes ENABLE ROW LEVEL SECURITY',
  'DROP POLICY IF EXISTS notes_read ON rls_test.notes',
  `CREATE POLICY notes_read ON rls_test.notes FOR SELECT TO ${ROLE} USING (
     NOT private OR owner = current_setting('ukp.user_id', true)
     OR 'ADMIN' = ANY (string_to_array(current_setting('ukp.roles', true), ',')))`,
  'DROP POLICY IF EXISTS notes_write ON rls_test.notes',
  `CREATE POLICY notes_write ON rls_test.notes FOR INSERT TO ${ROLE} WITH CHECK (owner = current_setting('ukp.user_id', true))`,
];

const as = (userId: string | null, roles: string[] = []): RlsIdentity => ({ role: ROLE, userId, roles });

async function bodies(tx: Database): Promise<string[]> {
  const rows = rowsOf<{ body: string }>(await tx.execute(sql`select body from rls_test.notes order by body`));
  return rows.map((r) => r.body);
}

/** What a statement sees when it runs as the owner, outside any withRls. */
async function ownerSession(db: Database) {
  const [row] = rowsOf<{ who: string; uid: string | null; ro: string }>(
    await db.execute(
      sql`select current_user as who, current_setting('ukp.user_id', true) as uid, current_setting('transaction_read_only') as ro`,
    ),
  );
  return row!;
}

/**
 * The same contract on both drivers: each runs withRls its own way (drizzle's transaction on
 * PostgreSQL, rls-pglite.ts with the identity inlined), and either way row-level security applies.
 */
function rlsSuite(name: string, open: () => Promise<DatabaseHandle>, teardown: () => Promise<void>) {
  describe(`withRls on ${name}`, () => {
    let handle: DatabaseHandle;
    let db: Database;
    beforeAll(async () => {
      handle = await open();
      db = handle.db;
      for (const statement of setup) await db.execute(sql.raw(statement));
      await db.execute(sql`truncate rls_test.notes`);
      await db.execute(sql`insert into rls_test.notes (owner, private, body) values
        ('alice', true, 'alice private'), ('bob', true, 'bob private'), ('bob', false, 'bob public')`);
    });
    afterAll(async () => {
      await handle?.close();
      await teardown();
    });

    it('shows each caller only the rows the policy lets them read', async () => {
      expect(await withRls(db, as('alice'), bodies, { readOnly: true })).toEqual([
        'alice private',
        'bob public',
      ]);
      expect(await withRls(db, as('bob'), bodies)).toEqual(['bob private', 'bob public']);
      expect(await withRls(db, as(null), bodies, { readOnly: true })).toEqual(['bob public']);
      expect(await withRls(db, as('carol', ['ADMIN']), bodies, { readOnly: true })).toHaveLength(3);
    });

    it('keeps the identity inside the transaction: the owner’s next statement is the owner’s again', async () => {
      await withRls(db, as('alice', ['EDITOR']), bodies, { readOnly: true });
      await withRls(db, as('alice', ['EDITOR']), bodies);
      const after = await ownerSession(db);
      expect(after.who).not.toBe(ROLE);
      expect(after.uid ?? '').toBe('');
      expect(after.ro).toBe('off');
      expect(await bodies(db)).toHaveLength(3);
    });

    it('keeps callers apart when many run at once on few connections', async () => {
      const callers = Array.from({ length: 24 }, (_, i) =>
        i % 3 === 0 ? 'alice' : i % 3 === 1 ? 'bob' : null,
      );
      const seen = await Promise.all(
        callers.map((who, i) => withRls(db, as(who), bodies, { readOnly: i % 2 === 0 })),
      );
      callers.forEach((who, i) => {
        const own = who === 'alice' ? ['alice private'] : who === 'bob' ? ['bob private'] : [];
        expect(seen[i], `caller ${i} (${who})`).toEqual([...own, 'bob public'].sort());
      });
    });

    it('commits a write, and refuses a write the policy does not allow', async () => {
      await withRls(db, as('alice'), (tx) =>
        tx.execute(
          sql`insert into rls_test.notes (owner, private, body) values ('alice', true, 'alice second')`,
        ),
      );
      expect(await withRls(db, as('alice'), bodies, { readOnly: true })).toContain('alice second');
      await expect(
        withRls(db, as('alice'), (tx) =>
          tx.execute(sql`insert into rls_test.notes (owner, private, body) values ('bob', true, 'forged')`),
        ),
      ).rejects.toThrow();
      expect(await bodies(db)).not.toContain('forged');
      await db.execute(sql`delete from rls_test.notes where body = 'alice second'`);
    });

    it('refuses any write in a read-only transaction', async () => {
      await expect(
        withRls(
          db,
          as('alice'),
          (tx) =>
            tx.execute(
              sql`insert into rls_test.notes (owner, private, body) values ('alice', true, 'slipped in')`,
            ),
          { readOnly: true },
        ),
      ).rejects.toThrow();
      expect(await bodies(db)).not.toContain('slipped in');
    });

    it('rolls back everything when fn fails, and the connection serves the next caller', async () => {
      await expect(
        withRls(db, as('alice'), async (tx) => {
          await tx.execute(
            sql`insert into rls_test.notes (owner, private, body) values ('alice', true, 'undone')`,
          );
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      await expect(
        withRls(db, as('alice'), (tx) => tx.execute(sql`select * from rls_test.no_such_table`), {
          readOnly: true,
        }),
      ).rejects.toThrow();
      expect(await bodies(db)).not.toContain('undone');
      expect(await withRls(db, as('bob'), bodies, { readOnly: true })).toEqual(['bob private', 'bob public']);
      expect((await ownerSession(db)).who).not.toBe(ROLE);
    });

    it('runs nested transactions as savepoints', async () => {
      const result = await withRls(db, as('alice'), async (tx) => {
        await tx
          .transaction(async (inner) => {
            await inner.execute(
              sql`insert into rls_test.notes (owner, private, body) values ('alice', true, 'inner')`,
            );
            throw new Error('inner only');
          })
          .catch(() => {});
        await tx.execute(
          sql`insert into rls_test.notes (owner, private, body) values ('alice', true, 'outer')`,
        );
        return bodies(tx);
      });
      expect(result).toContain('outer');
      expect(result).not.toContain('inner');
      await db.execute(sql`delete from rls_test.notes where body = 'outer'`);
    });

    it('fails, running nothing as the owner, when the identity cannot be taken', async () => {
      const error = await withRls(db, { role: 'ukp_no_such_role', userId: 'alice', roles: [] }, bodies).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message ?? '').toMatch(/ukp_no_such_role/);
      expect(await withRls(db, as(null), bodies, { readOnly: true })).toEqual(['bob public']);
    });

    it('sends values that look like SQL as values', async () => {
      const tricky = ["o'hara", 'back\\slash', "x', true), set_config('role', 'postgres', true) --"];
      for (const userId of tricky) {
        const [row] = await withRls(
          db,
          as(userId, [userId]),
          async (tx) =>
            rowsOf<{ uid: string; roles: string; who: string }>(
              await tx.execute(
                sql`select current_setting('ukp.user_id') as uid, current_setting('ukp.roles') as roles, current_user as who`,
              ),
            ),
          { readOnly: true },
        );
        expect(row).toEqual({ uid: userId, roles: userId, who: ROLE });
      }
    });
  });
}

/** A fresh database per suite, and a pool of `poolMax` over it. */
function onPostgres(poolMax: number): [() => Promise<DatabaseHandle>, () => Promise<void>] {
  let database: TestDatabase | undefined;
  return [
    async () => {
      database = await createTestDatabase();
      return createDatabase({ url: database.url, poolMax });
    },
    async () => database?.drop(),
  ];
}

rlsSuite('Postgres (one connection: each call reuses the last one’s)', ...onPostgres(1));
rlsSuite('Postgres (a pool of three)', ...onPostgres(3));

const pgliteDir = mkdtempSync(join(tmpdir(), 'ukp-pglite-rls-'));
rlsSuite(
  'PGlite',
  () => createDatabase({ dataDir: pgliteDir }),
  async () => rmSync(pgliteDir, { recursive: true, force: true }),
);
