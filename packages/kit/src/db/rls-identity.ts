/** Who a transaction under row-level security runs as. */
export interface RlsIdentity {
  /** The non-superuser role whose policies apply (e.g. `ukp_knowledge_reader`). */
  role: string;
  userId: string | null;
  roles: readonly string[];
}

/**
 * The one statement that makes the rest of a transaction run as `identity`: the role, and the
 * caller's id and roles in transaction-local settings (`ukp.user_id`, `ukp.roles`) that the
 * policies read. `readOnly` also makes the transaction READ ONLY, so a write slipped into a read
 * fails instead of passing unnoticed. `value(i)` renders the i-th value: `$1`… for a parameterised
 * statement, a quoted literal where the driver's cheapest call takes no parameters.
 */
export function identityStatement(identity: RlsIdentity, readOnly: boolean, value: (i: number) => string) {
  const text = `select set_config('role', ${value(0)}, true), set_config('ukp.user_id', ${value(1)}, true), set_config('ukp.roles', ${value(2)}, true)${readOnly ? ", set_config('transaction_read_only', 'on', true)" : ''}`;
  return { text, params: [identity.role, identity.userId ?? '', identity.roles.join(',')] };
}

export const placeholder = (i: number) => `$${i + 1}`;

/**
 * A string as an SQL literal that means exactly it whatever `standard_conforming_strings` says:
 * the E'' form, with quotes and backslashes doubled. A NUL cannot be in a Postgres text at all.
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('a NUL character cannot be sent as an SQL literal');
  return `E'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/** `identityStatement` with its values inlined, for a call that takes no parameters. */
export function inlinedIdentityStatement(identity: RlsIdentity, readOnly: boolean): string {
  const { params } = identityStatement(identity, readOnly, placeholder);
  return identityStatement(identity, readOnly, (i) => quoteLiteral(params[i]!)).text;
}
