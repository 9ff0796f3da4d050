import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS from an allow-list only: an unlisted origin gets no CORS headers (the browser blocks it),
 * and credentials are never combined with a wildcard. Answers preflights itself.
 * Returns true when the request has been fully answered.
 */
export function corsHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  allowed: ReadonlySet<string>,
): boolean {
  const origin = req.headers.origin;
  if (origin && allowed.has(origin)) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
    res.setHeader('access-control-allow-credentials', 'true');
  }
  if (req.method === 'OPTIONS') {
    if (origin && allowed.has(origin)) {
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      res.setHeader(
        'access-control-allow-headers',
        'content-type, authorization, x-request-id, traceparent, apollo-require-preflight, x-apollo-operation-name',
      );
      res.setHeader('access-control-max-age', '600');
    }
    res.writeHead(204);
    res.end();
    return true;
  }
  return false;
}
