import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export type { Client as WsClient } from 'graphql-ws';

/**
 * A real graphql-ws client for a service's `/graphql` (Node 20 has no global WebSocket). No
 * retries: a test must see a dropped connection, not have it hidden. Services without a direct
 * dependency on graphql-ws and ws get them through here.
 */
export function wsClient(httpUrl: string, token?: string, params: Record<string, unknown> = {}): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...params },
  });
}
