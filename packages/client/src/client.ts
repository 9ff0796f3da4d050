import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type AnyDocument, type DocumentMode, operationNameOf, payloadOf } from './document.js';
import { isUkpError, UkpError } from './errors.js';
import { LoginDocument, RefreshSessionDocument } from './generated/graphql.js';
import { type FetchLike, type HttpResult, isUnauthenticated, post } from './http.js';
import { keepAlive, type LiveHandlers, type LiveOptions, type StopLive } from './live.js';
import { type Authenticator, type Credentials, Session, type Tokens } from './session.js';
import { type SocketEvents, Sockets, subscription } from './subscriptions.js';

export interface ClientOptions {
  /** The gateway's GraphQL endpoint, e.g. `https://api.example.com/graphql`. */
  url: string;
  /** Its graphql-ws endpoint; by default `url` with `ws(s)://`. */
  wsUrl?: string;
  /** Sign in with these on the first request (and again after a refresh failed). */
  credentials?: Credentials;
  /** Start from a session signed in elsewhere (kept in storage, say). */
  tokens?: Tokens;
  /** Called whenever the tokens change (sign-in, refresh) and with `undefined` when they are dropped. */
  onTokens?: (tokens: Tokens | undefined) => void;
  /**
   * `id` (default) sends each typed document's trusted-document id instead of its text: smaller
   * requests, and the only way to run under `TRUSTED_DOCUMENTS=enforce`. `text` sends the text.
   */
  documents?: DocumentMode;
  /** Defaults to the global `fetch`. */
  fetch?: FetchLike;
  /** A WebSocket class for subscriptions where there is no global one (Node 20: `ws`). */
  webSocketImpl?: unknown;
  /** graphql-ws reconnection attempts after a dropped socket. */
  retryAttempts?: number;
  /** Told when the subscription socket is acknowledged and when it closes: a page's "reconnecting…". */
  socketEvents?: SocketEvents;
  /** Sent with every HTTP request. */
  headers?: Record<string, string>;
  /**
   * An access token this close to its expiry (ms) is refreshed before it is sent; 0 refreshes only
   * after a refusal. Default 30 s, which also covers modest clock skew.
   */
  refreshAheadMs?: number;
}

/** Variables are optional exactly when the operation has none that are required. */
export type VariablesOf<V> = V extends Record<string, never> ? [variables?: V] : [variables: V];

export interface UkpClient {
  /** Runs a query or mutation over HTTP. Resolves with `data`; any error rejects with a `UkpError`. */
  request<T, V>(document: TypedDocumentNode<T, V>, ...variables: VariablesOf<V>): Promise<T>;
  /** Runs a subscription over graphql-ws: each event's `data`; an error ends it with a `UkpError`. */
  subscribe<T, V>(document: TypedDocumentNode<T, V>, ...variables: VariablesOf<V>): AsyncIterableIterator<T>;
  /**
   * Keeps a subscription running until the returned function is called: when the gateway ends it
   * (token expiry, a restarted subgraph, a dropped socket) it is opened again after a growing pause,
   * and `handlers` hear of each interruption and recovery. It stops for good when the session is over
   * (the tokens were dropped, or FORBIDDEN).
   */
  live<T, V>(
    document: TypedDocumentNode<T, V>,
    variables: V,
    handlers: LiveHandlers<T>,
    options?: LiveOptions,
  ): StopLive;
  /** Signs in (the `login` mutation) and keeps the tokens. */
  signIn(credentials: Credentials): Promise<Tokens>;
  /** The tokens held now, to store them; undefined when signed out. */
  readonly tokens: Tokens | undefined;
  /** Forgets the tokens (it does not revoke them: send the `Logout` operation for that). */
  signOut(): void;
  /** Closes the subscription socket. */
  dispose(): Promise<void>;
}

export function createClient(options: ClientOptions): UkpClient {
  const mode = options.documents ?? 'id';
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const headers = options.headers ?? {};

  async function send(
    document: AnyDocument,
    variables: unknown,
    token: string | undefined,
  ): Promise<HttpResult> {
    return post(
      fetchImpl,
      options.url,
      payloadOf(document, variables as Record<string, unknown>, mode),
      token,
      headers,
    );
  }

  function unwrap<T>(document: AnyDocument, result: HttpResult): T {
    if (result.errors) {
      throw UkpError.fromErrors(result.errors, {
        status: result.status,
        operationName: operationNameOf(document),
        data: result.data,
      });
    }
    return result.data as T;
  }

  // Sign-in and refresh go through the same typed documents (by id too), without a token.
  const auth: Authenticator = {
    async signIn({ email, password, totpCode }) {
      // Only LoginInput's fields: an object with more (a user record) would fail validation.
      const input = { email, password, ...(totpCode === undefined ? {} : { totpCode }) };
      const result = await send(LoginDocument, { input }, undefined);
      return pair(unwrap<{ login: Tokens }>(LoginDocument, result).login);
    },
    async refresh(refreshToken) {
      const result = await send(RefreshSessionDocument, { refreshToken }, undefined);
      return pair(unwrap<{ refreshSession: Tokens }>(RefreshSessionDocument, result).refreshSession);
    },
  };
  const session = new Session(
    auth,
    { tokens: options.tokens, credentials: options.credentials },
    options.onTokens,
    options.refreshAheadMs,
  );
  const sockets = new Sockets(
    {
      url: options.wsUrl ?? options.url.replace(/^http/, 'ws'),
      ...(options.webSocketImpl ? { webSocketImpl: options.webSocketImpl } : {}),
      ...(options.retryAttempts === undefined ? {} : { retryAttempts: options.retryAttempts }),
      ...(options.socketEvents ? { events: options.socketEvents } : {}),
    },
    session,
  );

  return {
    async request(document, ...[variables]) {
      const token = await session.accessToken();
      const result = await send(document, variables, token);
      // One refresh and one retry: a second refusal is the answer, not a reason to loop.
      if (token !== undefined && isUnauthenticated(result) && session.canRefresh()) {
        const fresh = await session.refresh(token);
        return unwrap(document, await send(document, variables, fresh));
      }
      return unwrap(document, result);
    },
    subscribe(document, ...[variables]) {
      return subscription(sockets, session, payloadOf(document, variables as Record<string, unknown>, mode));
    },
    live(document, variables, handlers, liveOptions) {
      const payload = payloadOf(document, variables as Record<string, unknown>, mode);
      const signedIn = session.tokens !== undefined;
      return keepAlive(
        () => subscription(sockets, session, payload),
        handlers,
        (error) =>
          isUkpError(error, 'FORBIDDEN') ||
          (signedIn ? session.tokens === undefined : isUkpError(error, 'UNAUTHENTICATED')),
        liveOptions,
      );
    },
    signIn: (credentials) => session.signIn(credentials),
    get tokens() {
      return session.tokens;
    },
    signOut: () => session.clear(),
    dispose: () => sockets.dispose(),
  };
}

// Only the pair: the user and expiry that come with it are the caller's to ask for (`Me`).
function pair(payload: Tokens): Tokens {
  return { accessToken: payload.accessToken, refreshToken: payload.refreshToken };
}
