/**
 * Whether an error means "the database cannot be reached right now" rather than "this statement is
 * wrong": a refused or dropped connection, a server shutting down or starting up. Such a failure is
 * the client's to retry (SERVICE_UNAVAILABLE), not a bug to hide behind INTERNAL_SERVER_ERROR.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  // drizzle wraps the driver's error in `cause`; GraphQL wraps a resolver's in `originalError`.
  const seen = new Set<unknown>();
  for (let current = error; current && typeof current === 'object' && !seen.has(current); ) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && unavailable(code)) return true;
    const next = current as { originalError?: unknown; cause?: unknown };
    current = next.originalError ?? next.cause;
  }
  return false;
}

// Node's socket errors and postgres-js' own connection errors.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

function unavailable(code: string): boolean {
  if (CONNECTION_CODES.has(code)) return true;
  // SQLSTATE class 08 (connection exception); 57P01–57P03: admin shutdown (pg_terminate_backend,
  // a fast stop), crash shutdown, cannot connect now (starting up or shutting down).
  return /^08[0-9A-Z]{3}$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03';
}
