import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export type { Client as WsClient } from 'graphql-ws';

export interface WsClientOptions {
  /** Connection parameters besides the token's `authorization`. */
  params?: Record<string, unknown>;
  /**
   * `false` opens the socket at once and keeps it open until `dispose()`; by default (graphql-ws'
   * own) it opens with the first subscription and closes when the last one ends.
   */
  lazy?: boolean;
  /** Headers of the upgrade request (a forwarded client address, an origin). */
  headers?: Record<string, string>;
}

/**
 * A real graphql-ws client for a service's `/graphql` (`http://` or `ws://` URL). Node 20 has no
 * global WebSocket, so the socket comes from `ws`. No retries: a test must see a dropped
 * connection, not have it hidden. Services without a direct dependency on graphql-ws and ws get
 * them through here.
 */
export function wsClient(url: string, token?: string, options: WsClientOptions = {}): Client {
  const { headers } = options;
  // graphql-ws builds the socket itself; a subclass is how upgrade headers get in.
  const webSocketImpl = headers
    ? class extends WebSocket {
        constructor(address: string | URL, protocols?: string | string[]) {
          super(address, protocols, { headers });
        }
      }
    : WebSocket;
  return createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl,
    retryAttempts: 0,
    ...(options.lazy === undefined ? {} : { lazy: options.lazy }),
    // A refused eager connection reaches the test through its subscriptions; graphql-ws would
    // also print it to the console.
    onNonLazyError: () => {},
    connectionParams: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.params },
  });
}
