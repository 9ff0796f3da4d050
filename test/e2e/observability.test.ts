import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import {
  AuditLogDocument,
  DocumentPublishedDocument,
  ListDocumentsDocument,
  MeDocument,
} from '@ukp/client/documents';
import { createLogger } from '@ukp/kit';
import { subscribe, wsClient } from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminToken, errorCode, execute, startTestPlatform, type TestPlatform } from '../testkit/platform.js';

type LogLine = Record<string, unknown>;

interface GatewayRequestEvent {
  operationName: string | null;
  operationType: string | null;
  durationMs: number;
  outcome: string;
  errorCodes: string[];
  userId: string | null;
  at: string;
}

/** The value of one sample line of the Prometheus text format, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('gateway observability', () => {
  let t: TestPlatform;
  let token = '';
  let userId = '';
  const metricsToken = randomBytes(24).toString('hex');
  const lines: LogLine[] = [];
  const events: GatewayRequestEvent[] = [];
  // Every JSON line the platform logs, kept for the access-log assertions.
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString().split('\n')) if (text) lines.push(JSON.parse(text) as LogLine);
      done();
    },
  });

  const metrics = async (authorization = `Bearer ${metricsToken}`) => {
    const response = await fetch(new URL('/metrics', t.url), { headers: { authorization } });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const accessLines = () => lines.filter((l) => l.service === 'gateway' && l.msg === 'request');

  beforeAll(async () => {
    t = await startTestPlatform(
      { METRICS_TOKEN: metricsToken, GATEWAY_METRICS_SAMPLE_RATE: '1' },
      { logger: createLogger({ service: 'ukp', level: 'info', destination }) },
    );
    await t.platform.bus.subscribe<GatewayRequestEvent>('gateway.request', (event) =>
      events.push(event.data),
    );
    token = await adminToken(t);
    const me = await execute(t.url, MeDocument, {}, token);
    userId = me.data!.me!.id;
    // Users only, then knowledge with authors from users, then an error, then a refusal.
    expect((await execute(t.url, ListDocumentsDocument, { first: 5 }, token)).errors).toBeUndefined();
    expect(errorCode(await execute(t.url, AuditLogDocument, { first: 1 }))).toBe('UNAUTHENTICATED');
    const invalid = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ noSuchField }' }),
    });
    expect(invalid.status).toBe(400);
    // Over a query limit (the document is far longer than any limit allows).
    const huge = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }${' '.repeat(100_000)}` }),
    });
    expect(huge.status).toBe(400);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('serves /metrics only with the bearer token', async () => {
    const missing = await fetch(new URL('/metrics', t.url));
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    expect(await missing.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    expect((await metrics('Bearer not-the-token')).status).toBe(401);
    expect((await metrics(metricsToken)).status).toBe(401);
    // The dashboard's way in: the signed-in ADMIN's own access token (gateway/dashboard).
    expect((await metrics(`Bearer ${token}`)).status).toBe(200);
    const ok = await metrics();
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/plain');
  });

  it('counts requests by operation and outcome, errors by code, and subgraph fetches by subgraph', async () => {
    const { text } = await metrics();
    const requests = (name: string, type: string, outcome: string) =>
      sample(
        text,
        `ukp_gateway_requests_total{operation_name="${name}",operation_type="${type}",outcome="${outcome}"}`,
      );
    expect(requests('Login', 'mutation', 'ok')).toBeGreaterThanOrEqual(1);
    expect(requests('Me', 'query', 'ok')).toBe(1);
    expect(requests('ListDocuments', 'query', 'ok')).toBe(1);
    expect(requests('AuditLog', 'query', 'error')).toBe(1);
    expect(requests('__unknown', 'unknown', 'rejected')).toBe(2);
    expect(
      sample(
        text,
        'ukp_gateway_request_duration_seconds_count{operation_name="Me",operation_type="query",outcome="ok"}',
      ),
    ).toBe(1);
    expect(sample(text, 'ukp_gateway_errors_total{code="UNAUTHENTICATED"}')).toBe(1);
    expect(sample(text, 'ukp_gateway_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBe(1);
    expect(sample(text, 'ukp_gateway_errors_total{code="QUERY_TOO_COMPLEX"}')).toBe(1);
    expect(sample(text, 'ukp_gateway_limit_rejections_total{limit="documentSize"}')).toBe(1);
    for (const subgraph of ['users', 'knowledge']) {
      expect(
        sample(
          text,
          `ukp_gateway_subgraph_fetch_duration_seconds_count{subgraph="${subgraph}",outcome="ok"}`,
        ),
      ).toBeGreaterThanOrEqual(1);
    }
    expect(sample(text, 'ukp_gateway_http_connections_active')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'ukp_process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('shows the subscriptions open right now', async () => {
    const active = async () => sample((await metrics()).text, 'ukp_gateway_subscriptions_active');
    expect(await active()).toBe(0);
    const client = wsClient(t.url, token);
    const subscription = subscribe(client, DocumentPublishedDocument, {});
    try {
      await vi.waitFor(async () => expect(await active()).toBe(1), { timeout: 10_000, interval: 50 });
      const text = (await metrics()).text;
      expect(sample(text, 'ukp_gateway_ws_connections_active')).toBe(1);
      expect(sample(text, 'ukp_gateway_upstream_subscriptions_active')).toBe(1);
    } finally {
      await subscription.close();
      await client.dispose();
    }
    await vi.waitFor(async () => expect(await active()).toBe(0), { timeout: 10_000, interval: 50 });
  });

  it('logs one JSON line per request with who, what, how long and how it ended', async () => {
    const requestId = `obs-${randomBytes(4).toString('hex')}`;
    const response = await fetch(t.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-request-id': requestId,
      },
      body: JSON.stringify({ query: 'query Me { me { id } }' }),
    });
    expect(response.status).toBe(200);
    await vi.waitFor(() => expect(accessLines().filter((l) => l.requestId === requestId)).toHaveLength(1));
    const line = accessLines().find((l) => l.requestId === requestId);
    expect(line).toMatchObject({
      level: 30,
      userId,
      operationName: 'Me',
      operationType: 'query',
      transport: 'http',
      outcome: 'ok',
      status: 200,
      errorCodes: [],
    });
    expect(typeof line?.durationMs).toBe('number');

    // Refused before Apollo ran anything: a forged token is still one line, with its code.
    const forgedId = `obs-${randomBytes(4).toString('hex')}`;
    const forged = await fetch(t.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer forged.token.value',
        'x-request-id': forgedId,
      },
      body: JSON.stringify({ query: 'query Me { me { id } }' }),
    });
    expect(forged.status).toBe(401);
    await vi.waitFor(() =>
      expect(accessLines().find((l) => l.requestId === forgedId)).toMatchObject({
        userId: null,
        status: 401,
        outcome: 'rejected',
        errorCodes: ['UNAUTHENTICATED'],
      }),
    );
  });

  it('logs operations sent over the socket too', async () => {
    const client = wsClient(t.url, token);
    try {
      const result = await new Promise<unknown>((resolve, reject) => {
        client.subscribe(
          { query: 'query MeOverSocket { me { id } }' },
          { next: resolve, error: reject, complete: () => {} },
        );
      });
      expect(result).toEqual({ data: { me: { id: userId } } });
      await vi.waitFor(() =>
        expect(accessLines().find((l) => l.operationName === 'MeOverSocket')).toMatchObject({
          transport: 'ws',
          userId,
          operationType: 'query',
          outcome: 'ok',
        }),
      );
    } finally {
      await client.dispose();
    }
  });

  it('publishes a sample of requests as gateway.request on the platform bus', async () => {
    await vi.waitFor(() => expect(events.find((e) => e.operationName === 'Me')).toBeDefined());
    const me = events.find((e) => e.operationName === 'Me');
    expect(me).toMatchObject({ operationType: 'query', outcome: 'ok', errorCodes: [], userId });
    expect(me?.durationMs).toBeGreaterThan(0);
    expect(Number.isNaN(Date.parse(me?.at ?? ''))).toBe(false);
    expect(events.find((e) => e.operationName === 'AuditLog')).toMatchObject({
      outcome: 'error',
      errorCodes: ['UNAUTHENTICATED'],
      userId: null,
    });
  });
});
