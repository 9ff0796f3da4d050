import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RouteHandler } from '@ukp/kit';

/** Where `pnpm dashboard:build` writes the page: the same two levels up from src/ and dist/. */
export const defaultDashboardDir = fileURLToPath(new URL('../../dashboard/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/** A Host header we are willing to repeat in a header: a name or address and a port, nothing else. */
const SAFE_HOST = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

/**
 * The page's own policy, stricter than anything else the gateway serves: its script, style and
 * data come only from this origin (no inline script or style, no eval), it may not be framed, and
 * its socket may open only to this host. `connect-src 'self'` alone does not cover ws: in every
 * browser, hence the explicit same-host ws(s) URL.
 */
export function dashboardCsp(host: string | undefined): string {
  const socket = host && SAFE_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src 'self'${socket}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function securityHeaders(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('content-security-policy', dashboardCsp(req.headers.host));
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

/**
 * GET routes for the dashboard: exactly the files of its build, read once at start. Only those
 * paths exist, so no request path (`..`, encoded or not) can reach another file. Hashed assets
 * are cached for a year; the page itself is revalidated, so a new build is picked up at once.
 * Without a build, the page answers 503 saying how to make one.
 */
export function dashboardRoutes(dir: string = defaultDashboardDir): Record<string, RouteHandler> {
  let files: string[];
  try {
    files = filesUnder(dir);
  } catch {
    files = [];
  }
  if (!files.some((f) => relative(dir, f) === 'index.html')) {
    const notBuilt: RouteHandler = (_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(
        'The dashboard is not built: run `pnpm dashboard:build` (or `pnpm build`), then restart the gateway.\n',
      );
    };
    return { '/dashboard': notBuilt, '/dashboard/': notBuilt };
  }
  const routes: Record<string, RouteHandler> = {};
  for (const file of files) {
    const path = relative(dir, file).split(sep).join('/');
    const body = readFileSync(file);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const cache = path.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    const handler: RouteHandler = (req, res) => {
      securityHeaders(req, res);
      res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': cache });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    routes[`/dashboard/${path}`] = handler;
    if (path === 'index.html') {
      routes['/dashboard'] = handler;
      routes['/dashboard/'] = handler;
    }
  }
  return routes;
}
