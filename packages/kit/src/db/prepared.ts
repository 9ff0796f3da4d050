import type postgres from 'postgres';

/**
 * Statements with at most this many parameters are prepared. An IN list makes one statement per
 * length, and a statement stays prepared on its connection until postgres-js recycles the
 * connection (`max_lifetime`, 30 to 60 minutes): the cap bounds what a connection keeps.
 */
export const MAX_PREPARED_PARAMETERS = 64;

/**
 * Makes `sql` (a pool, a transaction or a reserved connection of postgres-js) prepare the
 * statements drizzle sends through it, and the same for the transactions and savepoints it opens.
 *
 * drizzle asks postgres-js for unprepared statements, and postgres-js sends an unprepared statement
 * that has parameters as Parse + Describe, waits for the parameter types, then sends Bind + Execute:
 * two round trips per statement, and no statement can be pipelined behind it. Prepared, the
 * describe happens once per statement and connection, then each run is one Bind + Execute.
 * Planning stays as it was: the connections run with `plan_cache_mode = force_custom_plan`.
 */
export function preparing<T extends postgres.Sql | postgres.TransactionSql | postgres.ReservedSql>(
  sql: T,
): T {
  const unsafe = sql.unsafe;
  const prepared: typeof unsafe = (query, parameters, options) =>
    Array.isArray(parameters) && parameters.length > 0 && parameters.length <= MAX_PREPARED_PARAMETERS
      ? unsafe(query, parameters, { ...options, prepare: true })
      : unsafe(query, parameters, options);
  Object.assign(sql, { unsafe: prepared });
  if ('begin' in sql) {
    const begin = sql.begin;
    Object.assign(sql, {
      begin: (...args: unknown[]) => {
        const fn = args.pop() as (tx: postgres.TransactionSql) => unknown;
        return (begin as (...a: unknown[]) => Promise<unknown>)(...args, (tx: postgres.TransactionSql) =>
          fn(preparing(tx)),
        );
      },
    });
  }
  if ('savepoint' in sql) {
    const savepoint = sql.savepoint;
    Object.assign(sql, {
      savepoint: (...args: unknown[]) => {
        const fn = args.pop() as (tx: postgres.TransactionSql) => unknown;
        return (savepoint as (...a: unknown[]) => Promise<unknown>)(...args, (tx: postgres.TransactionSql) =>
          fn(preparing(tx)),
        );
      },
    });
  }
  return sql;
}
