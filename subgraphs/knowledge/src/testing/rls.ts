import { type Database, rowsOf, withRls } from '@ukp/kit';
import type { SQL } from 'drizzle-orm';
import { READER_ROLE } from '../domain/deps.js';
import type { TestUser } from './server-fixture.js';

/** Runs raw SQL as the request role under row-level security, as `user` (anonymous when null). */
export function asReader<T>(
  db: Database,
  user: Pick<TestUser, 'id' | 'roles'> | null,
  fn: (tx: Database) => Promise<T>,
): Promise<T> {
  return withRls(db, { role: READER_ROLE, userId: user?.id ?? null, roles: user?.roles ?? [] }, fn);
}

/** Rows of raw SQL run under row-level security as `user`. */
export async function readerRows<T>(db: Database, user: Pick<TestUser, 'id' | 'roles'> | null, query: SQL) {
  return rowsOf<T>(await asReader(db, user, (tx) => tx.execute(query)));
}
