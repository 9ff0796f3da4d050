import { createClient, type Tokens, type UkpClient } from '@ukp/client';

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

/** A plain GET on the page's origin (/readyz, /metrics); `token` for /metrics behind METRICS_TOKEN. */
export async function getText(path: string, token?: string): Promise<{ status: number; text: string }> {
  const response = await fetch(path, {
    cache: 'no-store',
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });
  return { status: response.status, text: await response.text() };
}
