import net from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-env.js';
import { createDatabase, type Database, type DatabaseHandle, rowsOf } from './database.js';
import { type RlsIdentity, withRls } from './rls.js';
import { afterIdentity } from './rls-postgres.js';

// Roles are cluster-wide and other files may create theirs at the same time: idempotent.
const ROLE = 'ukp_kit_rls_pipeline_reader';
const createRole = `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${ROLE}') THEN CREATE ROLE ${ROLE} NOLOGIN; END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`;

const as = (userId: string): RlsIdentity => ({ role: ROLE, userId, roles: [`R${userId}`] });

interface Seen {
  who: string;
  uid: string | null;
  roles: string | null;
}

/** Who the statement runs as: the owner, unless the identity statement ran before it. */
async function whoAmI(tx: Database, tag = 0): Promise<Seen> {
  // `tag` makes a statement with a parameter, prepared (or described, unprepared) as the app's are.
  const [row] = rowsOf<Seen & { tag: number }>(
    await tx.execute(
      sql`select current_user as who, current_setting('ukp.user_id', true) as uid, current_setting('ukp.roles', true) as roles, ${tag}::int as tag`,
    ),
  );
  const { who, uid, roles } = row!;
  return { who, uid, roles };
}

/**
 * A TCP relay in front of PostgreSQL that keeps, per client connection, the message types of each
 * chunk the client sent: a chunk is a flush, so a round trip. Loopback delivers one write as one
 * chunk; two writes could only merge if the second were sent before the first was answered.
 */
async function wireRelay(target: URL) {
  const flushes: string[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      flushes.push(messageTypes(chunk));
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    /** The flushes `work` sends (one caller at a time). */
    async during(work: () => Promise<unknown>): Promise<string[][]> {
      const from = flushes.length;
      await work();
      return flushes.slice(from);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** `Q`, `P`, `B`… of each protocol message in a client chunk (startup messages skipped). */
function messageTypes(chunk: Buffer): string[] {
  const types: string[] = [];
  let at = 0;
  while (at + 5 <= chunk.length) {
    if (chunk[at] === 0) {
      at += chunk.readInt32BE(at);
      continue;
    }
    types.push(String.fromCharCode(chunk[at]!));
    at += 1 + chunk.readInt32BE(at + 1);
  }
  return types;
}

describe('afterIdentity', () => {
  const failed = (message: string) => Promise.reject(new Error(message));

  it('returns fn’s value once the identity is set', async () => {
    expect(await afterIdentity(Promise.resolve(), Promise.resolve(7))).toBe(7);
  });

  it('throws the identity’s error when both fail, and fn’s when only it fails', async () => {
    await expect(afterIdentity(failed('no such role'), failed('transaction is aborted'))).rejects.toThrow(
      'no such role',
    );
    await expect(afterIdentity(failed('no such role'), Promise.resolve(1))).rejects.toThrow('no such role');
    await expect(afterIdentity(Promise.resolve(), failed('fn failed'))).rejects.toThrow('fn failed');
  });

  it('waits for fn to finish even when the identity has already failed', async () => {
    let finished = false;
    const slow = new Promise<void>((resolve) =>
      setTimeout(() => {
        finished = true;
        resolve();
      }, 20),
    );
    await expect(afterIdentity(failed('no such role'), slow)).rejects.toThrow('no such role');
    expect(finished).toBe(true);
  });
});

for (const prepare of [true, false]) {
  describe(`withRls on PostgreSQL, statements ${prepare ? 'prepared' : 'unprepared'}`, () => {
    let database: TestDatabase;
    let relay: Awaited<ReturnType<typeof wireRelay>>;
    let pool: DatabaseHandle;
    let single: DatabaseHandle;
    beforeAll(async () => {
      database = await createTestDatabase();
      relay = await wireRelay(new URL(database.url));
      pool = await createDatabase({ url: database.url, poolMax: 3, prepare });
      single = await createDatabase({ url: relay.url, poolMax: 1, prepare });
      await pool.db.execute(sql.raw(createRole));
    });
    afterAll(async () => {
      await pool?.close();
      await single?.close();
      await relay?.close();
      await database?.drop();
    });

    it('runs fn’s first statement as the identity, for many callers at once on few connections', async () => {
      const callers = Array.from({ length: 60 }, (_, i) => `user-${i}`);
      const seen = await Promise.all(
        callers.map((userId, i) =>
          withRls(pool.db, as(userId), (tx) => whoAmI(tx, i), { readOnly: i % 2 === 0 }),
        ),
      );
      seen.forEach((row, i) => {
        expect(row, `caller ${i}`).toEqual({ who: ROLE, uid: `user-${i}`, roles: `Ruser-${i}` });
      });
    });

    it('runs fn’s first statement as the identity when fn starts with a savepoint', async () => {
      const seen = await withRls(pool.db, as('nested'), (tx) => tx.transaction((inner) => whoAmI(inner)));
      expect(seen).toEqual({ who: ROLE, uid: 'nested', roles: 'Rnested' });
    });

    it('fails with the identity’s error and runs nothing as the owner when the identity cannot be taken', async () => {
      let ran: Seen | undefined;
      const error = await withRls(
        pool.db,
        { role: 'ukp_no_such_role', userId: 'x', roles: [] },
        async (tx) => {
          ran = await whoAmI(tx);
          return ran;
        },
      ).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toMatch(/ukp_no_such_role/);
      expect(ran).toBeUndefined();
      expect((await withRls(pool.db, as('after'), whoAmI)).who).toBe(ROLE);
    });

    it('fails with fn’s own error, thrown before or after its first statement', async () => {
      await expect(
        withRls(pool.db, as('a'), () => {
          throw new Error('thrown at once');
        }),
      ).rejects.toThrow('thrown at once');
      await expect(
        withRls(pool.db, as('a'), async (tx) => {
          await whoAmI(tx);
          throw new Error('thrown after');
        }),
      ).rejects.toThrow('thrown after');
      expect((await withRls(pool.db, as('b'), whoAmI)).uid).toBe('b');
    });

    it('sends the identity and fn’s first statement in one flush: one round trip fewer', async () => {
      const read = () => withRls(single.db, as('wire'), (tx) => whoAmI(tx, 1), { readOnly: true });
      await read(); // the statement's first run on the connection describes it
      const flushes = await relay.during(read);
      // BEGIN (a simple query), then the identity (another) with the statement behind it, then
      // COMMIT, which postgres-js sends with the extended protocol.
      if (prepare) {
        expect(flushes).toEqual([['Q'], ['Q', 'B', 'E', 'S'], ['B', 'E', 'S']]);
      } else {
        // Unprepared, postgres-js asks the parameter types (Parse, Describe, Flush) before it binds.
        expect(flushes).toEqual([['Q'], ['Q', 'P', 'D', 'H'], ['B', 'E', 'S'], ['P', 'D', 'B', 'E', 'S']]);
      }
    });

    it(`${prepare ? 'prepares' : 'prepares nothing, whatever runs'} on the connection`, async () => {
      const prepared = async (tx: Database) => {
        const [row] = rowsOf<{ n: number }>(
          await tx.execute(sql`select count(*)::int as n from pg_prepared_statements where ${1} = 1`),
        );
        return row!.n;
      };
      await single.db.execute(sql`select ${'warm'}::text`);
      await withRls(single.db, as('p'), (tx) => whoAmI(tx, 2));
      const count = await prepared(single.db);
      if (prepare) expect(count).toBeGreaterThan(0);
      else expect(count).toBe(0);
    });
  });
}
