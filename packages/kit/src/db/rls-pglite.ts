import type { PGlite } from '@electric-sql/pglite';
import { PgliteSession, PgliteTransaction } from 'drizzle-orm/pglite';
import type { Database } from './database.js';
import { identityStatement, inlinedIdentityStatement, placeholder } from './rls-identity.js';
import { drizzlePartsOf, type RlsRunner } from './rls-runners.js';

/**
 * Transactions under row-level security in embedded PGlite. Its transaction already holds the one
 * connection for its length; the identity goes as one simple query with its values inlined, which
 * PGlite runs in two calls into the engine where a parameterised statement takes six.
 */
export function pgliteRlsRunner(client: PGlite, db: Database): RlsRunner {
  const { dialect, options } = drizzlePartsOf(db);
  return (identity, fn, { readOnly = false }) =>
    client.transaction(async (ptx) => {
      const logged = identityStatement(identity, readOnly, placeholder);
      options.logger?.logQuery(logged.text, logged.params);
      await ptx.exec(inlinedIdentityStatement(identity, readOnly));
      const session = new PgliteSession(ptx, dialect, undefined, options);
      return fn(new PgliteTransaction(dialect, session, undefined) as unknown as Database);
    });
}
