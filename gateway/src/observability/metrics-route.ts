import { createHash, timingSafeEqual } from 'node:crypto';
import { type RouteHandler, sendJsonError, type TokenVerifier } from '@ukp/kit';
import type { GatewayMetrics } from './metrics.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The roles whose access token opens /metrics behind METRICS_TOKEN: the operations dashboard's. */
export const METRICS_ROLES = ['ADMIN', 'ANALYST'] as const;

/**
 * `GET /metrics` for Prometheus. With a token, only `Authorization: Bearer <token>` is answered
 * (compared in constant time) — or, when `verifier` is given, a valid access token of an ADMIN or
 * ANALYST, so the dashboard page can read the gateway's counters in production without ever
 * holding the scrape token. Any other access token is refused (403), as is no or a bad token
 * (401). Without a metrics token the route is open: keep the port away from the public network.
 */
export function metricsRoute(
  metrics: GatewayMetrics,
  token: string | undefined,
  verifier?: TokenVerifier,
): RouteHandler {
  const expected = token === undefined ? undefined : digest(token);
  return async (req, res) => {
    if (expected) {
      const presented = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
      const requestId = String(res.getHeader('x-request-id') ?? '');
      if (!timingSafeEqual(digest(presented), expected)) {
        // The same verifier as every GraphQL request: signature, issuer, audience, expiry, and
        // sessions ended early. Only then are the roles read.
        const claims =
          verifier && presented ? await verifier.verify(presented).catch(() => undefined) : undefined;
        if (!claims) {
          res.setHeader('www-authenticate', 'Bearer realm="metrics"');
          return sendJsonError(
            res,
            401,
            'UNAUTHENTICATED',
            'A valid metrics token, or an ADMIN or ANALYST access token, is required.',
            requestId,
          );
        }
        if (!claims.roles.some((role) => (METRICS_ROLES as readonly string[]).includes(role))) {
          return sendJsonError(res, 403, 'FORBIDDEN', 'Metrics need the ADMIN or ANALYST role.', requestId);
        }
      }
    }
    const { contentType, body } = await metrics.scrape();
    res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
