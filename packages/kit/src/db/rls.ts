import { sql } from 'drizzle-orm';
import type { Database } from './database.js';
import type { RlsIdentity } from './rls-identity.js';
import { type RlsOptions, rlsRunnerOf } from './rls-runners.js';

export type { RlsIdentity } from './rls-identity.js';
export type { RlsOptions } from './rls-runners.js';

/**
 * Makes the rest of the transaction `tx` run as `identity.role`, with the caller's id and roles in
 * transaction-local settings (`ukp.user_id`, `ukp.roles`) that the row-level security policies
 * read; `readOnly` also makes it READ ONLY. One statement sets them all, so a request pays one
 * round trip for its identity.
 */
export async function setRlsIdentity(tx: Database, identity: RlsIdentity, readOnly = false): Promise<void> {
  const readOnlyPart = readOnly ? sql.raw(", set_config('transaction_read_only', 'on', true)") : sql.empty();
  await tx.execute(
    sql`select set_config('role', ${identity.role}, true), set_config('ukp.user_id', ${identity.userId ?? ''}, true), set_config('ukp.roles', ${identity.roles.join(',')}, true)${readOnlyPart}`,
  );
}

/**
 * Runs `fn` in a transaction under row-level security as `identity` (see `setRlsIdentity`);
 * `readOnly` for reads (see `RlsOptions`). On embedded PGlite the driver's own way keeps it cheap
 * (rls-pglite.ts); on PostgreSQL it is drizzle's transaction (postgres-js' `begin`, which also
 * fails the transaction at once when its connection closes).
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
