import { createClient, isUkpError, type Tokens, type UkpClient } from '@ukp/client';

export interface SocketEvents {
  connected(): void;
  closed(): void;
}

/**
 * The typed client on the page's own origin. Operations go by trusted-document id, so the page
 * works under TRUSTED_DOCUMENTS=enforce; an expired access token is refreshed (one refreshSession
 * in flight however many requests meet it) and the request or subscription retried once.
 */
export function dashboardClient(tokens?: Tokens, events?: SocketEvents): UkpClient {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return createClient({
    url: `${location.origin}/graphql`,
    wsUrl: `${scheme}://${location.host}/graphql`,
    ...(tokens ? { tokens } : {}),
    // A dashboard stays open for hours: the socket reconnects for as long as the page is signed in.
    retryAttempts: Number.POSITIVE_INFINITY,
    ...(events ? { socketEvents: events } : {}),
  });
}

/**
 * The session is over for good: the client dropped its tokens (a refresh was refused: spent,
 * revoked or expired) or the account may no longer read this. A bare UNAUTHENTICATED is not: the
 * client refreshes once per subscription, so a page open across two token lifetimes meets it and
 * must simply subscribe again (which refreshes).
 */
export function sessionEnded(client: UkpClient, error: unknown): boolean {
  return client.tokens === undefined || isUkpError(error, 'FORBIDDEN');
}

/**
 * Keeps a subscription running for as long as `active()`: each time it ends (a subgraph restarted,
 * the access token expired twice, the socket dropped) it is opened again after a growing pause.
 * Without this, the gateway ends a subscription (token expiry, upstream gone) while the socket
 * stays open, and the page looked live with nothing running behind it.
 */
export async function follow<T>(
  client: UkpClient,
  open: () => AsyncIterableIterator<T>,
  on: { data(value: T): void; failed(error: unknown): void },
  active: () => boolean,
): Promise<void> {
  let failures = 0;
  while (active()) {
    try {
      for await (const value of open()) {
        if (!active()) return;
        failures = 0;
        on.data(value);
      }
    } catch (error) {
      if (!active()) return;
      on.failed(error);
      if (sessionEnded(client, error)) return;
    }
    failures += 1;
    await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 250 * 2 ** failures)));
  }
}

/** A plain GET on the page's origin (/readyz, /metrics); `token` for /metrics behind METRICS_TOKEN. */
export async function getText(path: string, token?: string): Promise<{ status: number; text: string }> {
  const response = await fetch(path, {
    cache: 'no-store',
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });
  return { status: response.status, text: await response.text() };
}
