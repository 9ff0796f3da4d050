import { createHash, timingSafeEqual } from 'node:crypto';
import { type RouteHandler, sendJsonError } from '@ukp/kit';
import type { GatewayMetrics } from './metrics.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `GET /metrics` for Prometheus. With a token, only `Authorization: Bearer <token>` is answered
 * (compared in constant time); without one, keep the port away from the public network instead.
 */
export function metricsRoute(metrics: GatewayMetrics, token: string | undefined): RouteHandler {
  const expected = token === undefined ? undefined : digest(token);
  return async (req, res) => {
    if (expected) {
      const presented = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (!timingSafeEqual(digest(presented), expected)) {
        res.setHeader('www-authenticate', 'Bearer realm="metrics"');
        const requestId = String(res.getHeader('x-request-id') ?? '');
        return sendJsonError(res, 401, 'UNAUTHENTICATED', 'A valid metrics token is required.', requestId);
      }
    }
    const { contentType, body } = await metrics.scrape();
    res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
