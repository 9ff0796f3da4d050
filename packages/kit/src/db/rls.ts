import { sql } from 'drizzle-orm';
import type { Database } from './database.js';

export interface RlsIdentity {
  /** The non-superuser role whose policies apply (e.g. `ukp_knowledge_reader`). */
  role: string;
  userId: string | null;
  roles: readonly string[];
}

/**
 * Makes the rest of the transaction `tx` run as `identity.role`, with the caller's id and roles in
 * transaction-local settings (`ukp.user_id`, `ukp.roles`) that the row-level security policies
 * read. One statement sets all three, so a request pays one round trip for its identity.
 */
export async function setRlsIdentity(tx: Database, identity: RlsIdentity): Promise<void> {
  await tx.execute(
    sql`select set_config('role', ${identity.role}, true), set_config('ukp.user_id', ${identity.userId ?? ''}, true), set_config('ukp.roles', ${identity.roles.join(',')}, true)`,
  );
}

/** Runs `fn` in a transaction under row-level security as `identity` (see `setRlsIdentity`). */
export async function withRls<T>(
  db: Database,
  identity: RlsIdentity,
  fn: (tx: Database) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await setRlsIdentity(tx as unknown as Database, identity);
    return fn(tx as unknown as Database);
  });
}
