import type postgres from 'postgres';
import type { Database } from './database.js';
import { identityStatement, inlinedIdentityStatement, placeholder } from './rls-identity.js';
import { drizzlePartsOf, type RlsRunner } from './rls-runners.js';

/**
 * Transactions under row-level security on PostgreSQL (postgres-js): drizzle's transaction, that
 * is postgres-js' `begin`, which also fails the transaction at once when its connection closes.
 * The identity statement is not awaited before `fn` starts: `fn`'s first statement follows it on
 * the transaction's connection in the same write, which saves a round trip per transaction.
 *
 * The order is what keeps row-level security on, and it holds because the identity is handed to
 * postgres-js before `fn` runs at all. postgres-js queues a query's dispatch one microtask after
 * `execute()` (query.js `handle`), a transaction's queries go to its one connection in dispatch
 * order (index.js `begin`: `handler` writes or queues them in order), and PostgreSQL runs what
 * one connection sends in order. drizzle's own `tx.execute` would not do: it reaches postgres-js
 * only after microtask hops of its own, so `fn`'s first statement could be dispatched first.
 * Should the identity fail, the transaction is aborted and every statement behind it fails too:
 * nothing runs as the owner.
 */
export function postgresRlsRunner(db: Database): RlsRunner {
  const { options } = drizzlePartsOf(db);
  return (identity, fn, { readOnly = false }) =>
    db.transaction((tx) => {
      // Logged as the statement with parameters, as on PGlite: the log gets no caller ids.
      const logged = identityStatement(identity, readOnly, placeholder);
      options.logger?.logQuery(logged.text, logged.params);
      // No parameters: a simple query, one message, never prepared.
      const identitySet = transactionClientOf(tx)
        .unsafe(inlinedIdentityStatement(identity, readOnly))
        .execute();
      return afterIdentity(identitySet, started(fn, tx as unknown as Database));
    });
}

/** `fn(tx)`, with a synchronous throw as a rejection, so the identity is still awaited. */
function started<T>(fn: (tx: Database) => Promise<T>, tx: Database): Promise<T> {
  try {
    return fn(tx);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * `result`'s value once `identitySet` has succeeded too. Both are waited for, so neither rejection
 * goes unhandled and `fn` has finished before postgres-js ends the transaction. The identity's
 * error wins: `fn`'s is then only "current transaction is aborted".
 */
export async function afterIdentity<T>(identitySet: PromiseLike<unknown>, result: Promise<T>): Promise<T> {
  const [identity, outcome] = await Promise.allSettled([identitySet, result]);
  if (identity.status === 'rejected') throw identity.reason;
  if (outcome.status === 'rejected') throw outcome.reason;
  return outcome.value;
}

/** The postgres-js transaction behind a drizzle transaction on it. */
function transactionClientOf(tx: unknown): postgres.TransactionSql {
  // Not in drizzle's public types: drizzle-orm/postgres-js' session keeps the `sql` its
  // `transaction()` got from postgres-js' `begin` as `client` (session.js, PostgresJsSession).
  const client = (tx as { session?: { client?: postgres.TransactionSql } }).session?.client;
  if (typeof client?.unsafe !== 'function') {
    throw new Error('withRls: not a postgres-js transaction (drizzle-orm/postgres-js changed?)');
  }
  return client;
}
