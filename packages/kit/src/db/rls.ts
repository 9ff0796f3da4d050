import { sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { inlinedIdentityStatement, type RlsIdentity } from './rls-identity.js';
import { type RlsOptions, rlsRunnerOf } from './rls-runners.js';

export type { RlsIdentity } from './rls-identity.js';
export type { RlsOptions } from './rls-runners.js';

/**
 * Makes the rest of the transaction `tx` run as `identity` (rls-identity.ts: role, caller's id and
 * roles; `readOnly` also makes it READ ONLY), in one statement. Its values are inlined as literals:
 * a statement without parameters is one round trip on postgres-js and is never prepared, so each
 * caller does not leave a prepared statement behind on the connection.
 */
export async function setRlsIdentity(tx: Database, identity: RlsIdentity, readOnly = false): Promise<void> {
  await tx.execute(sql.raw(inlinedIdentityStatement(identity, readOnly)));
}

/**
 * Runs `fn` in a transaction under row-level security as `identity` (see `setRlsIdentity`);
 * `readOnly` for reads (see `RlsOptions`). A handle from createDatabase has its driver's own way,
 * which keeps it cheap: rls-pglite.ts on embedded PGlite, rls-postgres.ts on PostgreSQL (the
 * identity pipelined with `fn`'s first statement). Any other handle: drizzle's transaction, the
 * identity awaited first.
 */
export function withRls<T>(
  db: Database,
  identity: RlsIdentity,
  fn: (tx: Database) => Promise<T>,
  options: RlsOptions = {},
): Promise<T> {
  const runner = rlsRunnerOf(db);
  if (runner) return runner(identity, fn, options);
  return db.transaction(async (tx) => {
    await setRlsIdentity(tx as unknown as Database, identity, options.readOnly);
    return fn(tx as unknown as Database);
  });
}
