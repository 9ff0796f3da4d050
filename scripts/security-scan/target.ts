import type { ScanTarget } from './scan.js';

const number = (value: string | undefined, fallback: number) => {
  const parsed = Number(value);
  return value && Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
};

/** The scan target from a URL and the SCAN_* variables (see README.md). */
export function targetFrom(url: string, env: Record<string, string | undefined> = {}): ScanTarget {
  const parsed = new URL(url);
  if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = '/graphql';
  return {
    url: parsed,
    token: env.SCAN_TOKEN || undefined,
    editorToken: env.SCAN_EDITOR_TOKEN || undefined,
    markdownStallMaxMs: number(env.SCAN_MARKDOWN_STALL_MAX_MS, 1000),
    expiredToken: env.SCAN_EXPIRED_TOKEN || undefined,
    privilegedQuery: env.SCAN_PRIVILEGED_QUERY || undefined,
    allowedOrigin: env.SCAN_ALLOWED_ORIGIN || undefined,
    subscription: env.SCAN_SUBSCRIPTION || 'subscription { documentPublished { id } }',
    subscriptionFlood: number(env.SCAN_SUBSCRIPTION_FLOOD, 150),
    slowHeadersMaxMs: number(env.SCAN_SLOW_HEADERS_MAX_MS, 30_000),
    wsInitMaxMs: number(env.SCAN_WS_INIT_MAX_MS, 15_000),
    wsSocketCap: env.SCAN_WS_SOCKET_CAP ? number(env.SCAN_WS_SOCKET_CAP, 0) || undefined : undefined,
  };
}
