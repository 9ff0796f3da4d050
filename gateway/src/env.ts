import { fileURLToPath } from 'node:url';
import {
  authEnv,
  clientAddressEnv,
  commonEnv,
  envTypes,
  proxyTrustEnv,
  redisEnv,
  tracingEnv,
} from '@ukp/kit';
import { z } from 'zod';
import { apqEnv } from './apq/env.js';
import { limitsEnv } from './limits/config.js';
import { observabilityEnv } from './observability/env.js';
import { rateLimitEnv } from './rate-limit/env.js';
import { responseCacheEnv } from './response-cache/env.js';
import { trustedDocumentsEnv } from './trusted-documents/env.js';

const defaultSupergraph = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));

/** Every variable the gateway reads; `.env.example` documents them. */
export const gatewayEnv = {
  ...commonEnv,
  ...authEnv,
  ...clientAddressEnv,
  ...proxyTrustEnv,
  ...redisEnv,
  ...trustedDocumentsEnv,
  ...apqEnv,
  ...observabilityEnv,
  ...tracingEnv,
  ...rateLimitEnv,
  ...limitsEnv,
  ...responseCacheEnv,
  PORT: envTypes.port.default(4000),
  /**
   * Gateway processes sharing PORT (node:cluster; read by the standalone gateway entry only). Each
   * has its own caches, socket caps and in-memory fallbacks: docs/DEPLOYMENT.md lists them.
   */
  GATEWAY_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /** The composed supergraph to serve; lets the gateway front any supergraph. */
  SUPERGRAPH_PATH: z.string().default(defaultSupergraph),
  /**
   * Per-subgraph URL overrides as `name=url` pairs separated by commas, e.g.
   * `users=http://users:4001/graphql`; `SUBGRAPH_<NAME>_URL` variables work too.
   */
  SUBGRAPH_URLS: z.string().optional(),
  /** Comma-separated origins allowed by CORS; empty allows none (same-origin tools still work). */
  CORS_ORIGINS: z.string().default(''),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /**
   * Bytes the subgraph answers to one client request (or one subscription event) may add up to;
   * the merged response is built from them. Past it the request gets RESPONSE_TOO_LARGE, no data.
   */
  GATEWAY_MAX_RESPONSE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(8 * 1024 * 1024),
  /** Bytes one subgraph answer may have; cut off as it streams in (RESPONSE_TOO_LARGE). */
  GATEWAY_MAX_SUBGRAPH_RESPONSE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(8 * 1024 * 1024),
  /** Keep-alive connections the gateway holds open to each subgraph; requests beyond wait for one. */
  SUBGRAPH_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1024).default(128),
  /**
   * Entity fetches to one subgraph that become ready together (within one client request) go out
   * as one operation, each under its own alias. Off: one request per fetch, as the plan reads.
   */
  GATEWAY_ENTITY_BATCHING: envTypes.bool.default(true),
  /** Attempts in all for a query to a subgraph (mutations are never retried); 1 turns retries off. */
  SUBGRAPH_RETRY_ATTEMPTS: z.coerce.number().int().min(1).max(5).default(2),
  /** Consecutive failures of one subgraph that open its circuit (requests then fail fast). */
  SUBGRAPH_BREAKER_THRESHOLD: z.coerce.number().int().min(1).max(1000).default(5),
  /** How long an open circuit fails fast before letting one trial request through. */
  SUBGRAPH_BREAKER_HALF_OPEN_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Active subscriptions one WebSocket may hold; the next is refused and the socket stays open. */
  SUBSCRIPTIONS_MAX_PER_CONNECTION: z.coerce.number().int().min(1).max(10_000).default(100),
  /** A WebSocket that has not sent `connection_init` by then is closed with 4408. */
  WS_CONNECTION_INIT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  /** WebSocket ping interval; a socket that misses a pong is terminated. 0 disables. */
  WS_KEEPALIVE_MS: z.coerce.number().int().min(0).max(600_000).default(12_000),
  /** Open sockets per client address (IPv6: per /64); the next upgrade is refused with 429. */
  WS_MAX_SOCKETS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(512),
  /** Open sockets per signed-in user, counted at `connection_init`; the next is closed with 4429. */
  WS_MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).max(1_000_000).default(32),
  /** Upgrades accepted per client address per minute; the next are refused with 429. */
  WS_MAX_NEW_SOCKETS_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** Open sockets on this gateway instance; the next upgrade is refused with 503. */
  WS_MAX_SOCKETS: z.coerce.number().int().min(1).max(10_000_000).default(10_000),
};

export type GatewayEnv = z.infer<z.ZodObject<typeof gatewayEnv>> & {
  subgraphUrlOverrides: Record<string, string>;
};

/** Collects the URL overrides from `SUBGRAPH_URLS` and `SUBGRAPH_<NAME>_URL`. */
export function subgraphUrlOverrides(source: Record<string, string | undefined>): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const pair of (source.SUBGRAPH_URLS ?? '').split(',')) {
    const [name, url] = pair.split('=').map((s) => s.trim());
    if (name && url) overrides[name] = url;
  }
  for (const [key, value] of Object.entries(source)) {
    const match = /^SUBGRAPH_([A-Z0-9_]+)_URL$/.exec(key);
    if (match?.[1] && value) overrides[match[1].toLowerCase()] = value;
  }
  for (const [name, url] of Object.entries(overrides)) {
    try {
      new URL(url);
    } catch {
      throw new Error(`subgraph URL override for "${name}" is not a URL: ${url}`);
    }
  }
  return overrides;
}

/**
 * @apollo/gateway, unless told otherwise, exports usage metrics to Apollo and probes cloud
 * metadata endpoints (AWS, GCP, Azure, Alibaba) from the ApolloGateway constructor. A gateway of
 * ours never phones home: this must run before any ApolloGateway is built. It is the one place
 * outside `main.ts` that writes the environment, because the library reads it from there.
 */
export function disableVendorTelemetry(): void {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
}
