import type { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from './database.js';
import type { RlsIdentity } from './rls-identity.js';

export interface RlsOptions {
  /** Only reads: the transaction is READ ONLY, so a write slipped into a read fails loudly. */
  readOnly?: boolean;
}

/** How one driver runs `fn` in a transaction under row-level security as `identity`. */
export type RlsRunner = <T>(
  identity: RlsIdentity,
  fn: (tx: Database) => Promise<T>,
  options: RlsOptions,
) => Promise<T>;

// Keyed by the drizzle handle createDatabase made, so `withRls(db, …)` keeps its signature and a
// handle made elsewhere still works, on the generic path.
const runners = new WeakMap<Database, RlsRunner>();

export function registerRlsRunner(db: Database, runner: RlsRunner): void {
  runners.set(db, runner);
}

export function rlsRunnerOf(db: Database): RlsRunner | undefined {
  return runners.get(db);
}

/** What a driver's session needs to build a transaction handle like the one drizzle would. */
export interface DrizzleParts {
  dialect: PgDialect;
  /** The session's options: its logger (the `onQuery` hook) and cache. */
  options: { logger?: { logQuery(query: string, params: unknown[]): void } };
}

export function drizzlePartsOf(db: Database): DrizzleParts {
  // Not in drizzle's public types, but what its own `transaction()` hands to the new session.
  const { dialect, session } = db as unknown as {
    dialect: PgDialect;
    session: { options: DrizzleParts['options'] };
  };
  return { dialect, options: session.options };
}
