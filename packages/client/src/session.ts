import { UkpError } from './errors.js';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export interface Credentials {
  email: string;
  password: string;
  /** The current TOTP code, for an account with two-factor sign-in. */
  totpCode?: string;
}

/** Exchanges credentials or a refresh token for a new pair (the `login` / `refreshSession` mutations). */
export interface Authenticator {
  signIn(credentials: Credentials): Promise<Tokens>;
  refresh(refreshToken: string): Promise<Tokens>;
}

/** How long before its `exp` an access token is refreshed rather than sent. */
export const DEFAULT_REFRESH_AHEAD_MS = 30_000;

/**
 * Whether `token` should be refreshed before it is sent: it expires within `aheadMs` — or within
 * half its lifetime, for tokens issued for less than twice that, so a short-lived token is not
 * refreshed on every request. Its claims are read without verifying them: only to decide when to
 * refresh, never to trust anything (the gateway verifies). False for a token that is not a JWT or
 * has no `exp`.
 */
export function refreshDue(token: string, now: number, aheadMs: number): boolean {
  const payload = token.split('.')[1];
  if (payload === undefined || aheadMs <= 0) return false;
  let claims: { exp?: unknown; iat?: unknown } | null;
  try {
    const base64 = payload.replaceAll('-', '+').replaceAll('_', '/');
    claims = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')));
  } catch {
    return false;
  }
  const { exp, iat } = claims ?? {};
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return false;
  const lifetimeMs = typeof iat === 'number' && iat < exp ? (exp - iat) * 1000 : Number.POSITIVE_INFINITY;
  return exp * 1000 - now <= Math.min(aheadMs, lifetimeMs / 2);
}

/**
 * The tokens a client holds, and the one place they change. Sign-in and refresh are single-flight:
 * however many requests find the access token expired at once, one `refreshSession` runs and they
 * all wait for it — refresh tokens rotate, so a second refresh with the same token would be taken
 * for a stolen token and revoke the whole session.
 */
export class Session {
  #tokens: Tokens | undefined;
  #refreshing: Promise<Tokens> | undefined;
  #signingIn: Promise<Tokens> | undefined;
  #credentials: Credentials | undefined;

  constructor(
    private readonly auth: Authenticator,
    initial: { tokens?: Tokens | undefined; credentials?: Credentials | undefined },
    private readonly onTokens: ((tokens: Tokens | undefined) => void) | undefined,
    private readonly refreshAheadMs = DEFAULT_REFRESH_AHEAD_MS,
  ) {
    this.#tokens = initial.tokens;
    this.#credentials = initial.credentials;
  }

  get tokens(): Tokens | undefined {
    return this.#tokens;
  }

  /**
   * The access token to send now, signing in first when the client was given credentials only.
   * A token that expires within `refreshAheadMs` is refreshed first: a request sent with it would
   * likely be refused on arrival (or a socket opened with it ended soon after), costing a round
   * trip and, for a subscription, the events in between.
   */
  async accessToken(): Promise<string | undefined> {
    if (!this.#tokens && this.#credentials) await this.signIn(this.#credentials);
    const current = this.#tokens?.accessToken;
    if (current !== undefined && refreshDue(current, Date.now(), this.refreshAheadMs))
      return this.refresh(current);
    return current;
  }

  signIn(credentials: Credentials): Promise<Tokens> {
    this.#credentials = credentials;
    this.#signingIn ??= this.auth
      .signIn(credentials)
      .then((tokens) => this.set(tokens))
      .finally(() => {
        this.#signingIn = undefined;
      });
    return this.#signingIn;
  }

  /**
   * A fresh access token after `rejected` was refused. When another caller already replaced
   * `rejected`, its token is the answer: no second refresh for a request that was merely slow.
   * A failed refresh drops the tokens (the refresh token is spent or revoked) and rejects with the
   * server's error, `operationName` `RefreshSession`.
   */
  async refresh(rejected: string): Promise<string> {
    const current = this.#tokens;
    if (!current) throw new UkpError('UNAUTHENTICATED', 'Not signed in: there is no session to refresh.');
    if (current.accessToken !== rejected && !this.#refreshing) return current.accessToken;
    this.#refreshing ??= this.auth
      .refresh(current.refreshToken)
      .then(
        (tokens) => this.set(tokens),
        (error: unknown) => {
          this.set(undefined);
          throw error;
        },
      )
      .finally(() => {
        this.#refreshing = undefined;
      });
    return (await this.#refreshing).accessToken;
  }

  /** Whether a refused access token may be refreshed: only a token this session holds or held. */
  canRefresh(): boolean {
    return this.#tokens !== undefined;
  }

  clear(): void {
    this.set(undefined);
  }

  private set(tokens: Tokens): Tokens;
  private set(tokens: undefined): undefined;
  private set(tokens: Tokens | undefined): Tokens | undefined {
    this.#tokens = tokens;
    this.onTokens?.(tokens);
    return tokens;
  }
}
