import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createTrustedDocuments, loadManifest } from '../trusted-documents/index.js';
import { dashboardCsp, dashboardRoutes } from './index.js';

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

/** Calls a route with the least of a request and a response it uses. */
async function get(routes: ReturnType<typeof dashboardRoutes>, path: string, host = 'localhost:4000') {
  const route = routes[path];
  if (!route) return undefined;
  const answer: Answer = { status: 0, headers: {}, body: '' };
  const res = {
    setHeader: (name: string, value: unknown) => {
      answer.headers[name.toLowerCase()] = value;
    },
    writeHead: (status: number, headers: Record<string, unknown> = {}) => {
      answer.status = status;
      for (const [k, v] of Object.entries(headers)) answer.headers[k.toLowerCase()] = v;
    },
    end: (body?: string | Buffer) => {
      answer.body = body === undefined ? '' : body.toString();
    },
  } as unknown as ServerResponse;
  await route({ method: 'GET', headers: { host } } as IncomingMessage, res);
  return answer;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function build(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('the dashboard routes', () => {
  it('answer 503 saying how to build when there is no build', async () => {
    const routes = dashboardRoutes(join(tmpdir(), 'no-such-dashboard-build'));
    const answer = await get(routes, '/dashboard');
    expect(answer?.status).toBe(503);
    expect(answer?.body).toContain('pnpm dashboard:build');
  });

  it('serve the page and its hashed assets with their types, caching and a strict policy', async () => {
    const dir = build({
      'index.html': '<!doctype html><title>x</title>',
      'assets/index-abc123.js': 'console.log(1)',
      'assets/index-abc123.css': 'body{}',
    });
    const routes = dashboardRoutes(dir);
    const page = await get(routes, '/dashboard/');
    expect(page?.status).toBe(200);
    expect(page?.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page?.headers['cache-control']).toBe('no-cache');
    const csp = String(page?.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self' ws://localhost:4000 wss://localhost:4000");
    expect((await get(routes, '/dashboard'))?.body).toBe(page?.body);
    const script = await get(routes, '/dashboard/assets/index-abc123.js');
    expect(script?.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script?.headers['cache-control']).toContain('immutable');
    expect((await get(routes, '/dashboard/assets/index-abc123.css'))?.headers['content-type']).toBe(
      'text/css; charset=utf-8',
    );
  });

  it('have a route for each built file and nothing else, so no path reaches another file', () => {
    const routes = dashboardRoutes(build({ 'index.html': 'x', 'assets/a.js': 'y' }));
    expect(Object.keys(routes).sort()).toEqual([
      '/dashboard',
      '/dashboard/',
      '/dashboard/assets/a.js',
      '/dashboard/index.html',
    ]);
  });

  it('never repeats a hostile Host header in the policy', () => {
    expect(dashboardCsp("evil.test; script-src 'unsafe-inline'")).toBe(dashboardCsp(undefined));
    expect(dashboardCsp(undefined)).toContain("connect-src 'self';");
  });

  it('send only trusted documents: every typed document the page imports is in the manifest by id', () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const read = (path: string) => readFileSync(join(root, path), 'utf8');
    // What the page imports from @ukp/client/documents, read off its source.
    const used = new Set(
      [...read('gateway/dashboard/src/main.ts').matchAll(/\b(Dashboard\w+)Document\b/g)].map((m) => m[1]!),
    );
    expect([...used].sort()).toEqual([
      'DashboardAnomalies',
      'DashboardCollaboration',
      'DashboardMetrics',
      'DashboardNotifications',
      'DashboardOverview',
      'DashboardSignIn',
    ]);
    // The id the client sends for each: codegen's hash on the typed document.
    const generated = read('packages/client/src/generated/graphql.ts');
    const trusted = createTrustedDocuments({
      mode: 'enforce',
      manifest: loadManifest(join(root, 'schema/persisted-documents.json')),
    });
    const viewer = { logger: undefined, viewer: undefined } as never;
    for (const name of used) {
      const id = new RegExp(
        `export const ${name}Document = \\{"__meta__":\\{"hash":"(sha256:[0-9a-f]{64})"`,
      ).exec(generated)?.[1];
      expect(id, name).toBeDefined();
      const verdict = trusted.check(undefined, { documentId: id }, viewer);
      expect(verdict.verdict, name).toBe('allow');
      expect(verdict.verdict === 'allow' && verdict.source, name).toMatch(new RegExp(`\\b${name}\\b`));
    }
    expect(trusted.check(undefined, { documentId: `sha256:${'0'.repeat(64)}` }, viewer).verdict).toBe(
      'reject',
    );
  });
});
