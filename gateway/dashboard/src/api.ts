import { type Client, createClient } from 'graphql-ws';

export interface GraphQLError {
  message: string;
  extensions?: { code?: string };
}

export class RequestError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** One operation over HTTP, same origin; a transport failure and GraphQL errors both throw. */
export async function request<T>(
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: GraphQLError[] };
  const first = body.errors?.[0];
  if (first || body.data == null) {
    throw new RequestError(first?.message ?? `HTTP ${response.status}`, first?.extensions?.code);
  }
  // Partial answers (a subgraph down) still carry the fields that could be answered.
  return body.data;
}

export interface SocketEvents {
  onConnected(): void;
  onClosed(): void;
}

/** graphql-ws on the page's own origin; retries forever, backing off, so the page reconnects itself. */
export function socket(token: string, events: SocketEvents): Client {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return createClient({
    url: `${scheme}://${location.host}/graphql`,
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: false,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: async (retries) => {
      await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** retries)));
    },
    on: { connected: events.onConnected, closed: events.onClosed },
  });
}

export async function getText(path: string): Promise<{ status: number; text: string }> {
  const response = await fetch(path, { cache: 'no-store' });
  return { status: response.status, text: await response.text() };
}
