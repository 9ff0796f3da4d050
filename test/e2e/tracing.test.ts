import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { CreateDocumentDocument } from '@ukp/client/documents';
import { createLogger } from '@ukp/kit';
import { wsClient } from '@ukp/kit/testing';
import type { PlatformService } from '@ukp/platform';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { adminToken, execute, startTestPlatform, type TestPlatform } from '../testkit/platform.js';

// Touches both subgraphs: `me` (users), `documents` (knowledge), then each author (users again).
const QUERY =
  'query TracedFrontPage { me { id } documents(first: 2) { edges { node { id author { displayName } } } } }';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

function exporters() {
  const byService: Record<PlatformService, InMemorySpanExporter> = {
    gateway: new InMemorySpanExporter(),
    users: new InMemorySpanExporter(),
    knowledge: new InMemorySpanExporter(),
    analytics: new InMemorySpanExporter(),
    ml: new InMemorySpanExporter(),
  };
  return {
    byService,
    spans: (service: PlatformService) => byService[service].getFinishedSpans(),
    reset: () => {
      for (const exporter of Object.values(byService)) exporter.reset();
    },
  };
}

async function post(t: TestPlatform, token: string, headers: Record<string, string> = {}) {
  const response = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query: QUERY }),
  });
  const body = (await response.json()) as {
    data?: { me: { id: string } | null; documents: { edges: Array<{ node: { author: unknown } }> } } | null;
    errors?: unknown[];
  };
  expect(response.status).toBe(200);
  expect(body.errors).toBeUndefined();
  expect(body.data?.me?.id).toBeTruthy();
  expect(body.data?.documents.edges).toHaveLength(2);
  return body;
}

async function createDocuments(t: TestPlatform, token: string) {
  for (const title of ['Tracing one', 'Tracing two']) {
    const created = await execute(
      t.url,
      CreateDocumentDocument,
      { input: { title, body: 'Body.', tags: [] } },
      token,
    );
    if (created.errors) throw new Error(JSON.stringify(created.errors));
  }
}

const spanId = (span: ReadableSpan) => span.spanContext().spanId;
const traceId = (span: ReadableSpan) => span.spanContext().traceId;
const ofKind = (spans: ReadableSpan[], kind: SpanKind) => spans.filter((s) => s.kind === kind);

describe('tracing across the gateway and the subgraphs', () => {
  let t: TestPlatform;
  let token = '';
  const traces = exporters();
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString().split('\n')) if (text) lines.push(JSON.parse(text));
      done();
    },
  });

  /** Waits for the gateway's server span of the one request sent since the last reset. */
  async function finished() {
    return vi.waitFor(() => {
      const server = ofKind(traces.spans('gateway'), SpanKind.SERVER);
      expect(server).toHaveLength(1);
      return server[0]!;
    });
  }

  beforeAll(async () => {
    t = await startTestPlatform(
      { LOG_LEVEL: 'info' },
      {
        logger: createLogger({ service: 'ukp', level: 'info', destination }),
        spanProcessors: (service) => [new SimpleSpanProcessor(traces.byService[service])],
      },
    );
    token = await adminToken(t);
    await createDocuments(t, token);
  });

  afterAll(async () => {
    await t?.stop();
  });

  beforeEach(() => traces.reset());

  it('continues the client’s traceparent: gateway span → one fetch span per subgraph call → subgraph span', async () => {
    const clientTrace = hex(16);
    const clientSpan = hex(8);
    await post(t, token, { traceparent: `00-${clientTrace}-${clientSpan}-01` });

    const server = await finished();
    expect(traceId(server)).toBe(clientTrace);
    expect(server.parentSpanContext).toMatchObject({
      traceId: clientTrace,
      spanId: clientSpan,
      isRemote: true,
    });
    expect(server.name).toBe('query TracedFrontPage');
    expect(server.attributes).toMatchObject({
      'graphql.operation.name': 'TracedFrontPage',
      'graphql.operation.type': 'query',
      'http.response.status_code': 200,
      'ukp.outcome': 'ok',
    });
    expect(server.resource.attributes['service.name']).toBe('gateway');

    const fetches = ofKind(traces.spans('gateway'), SpanKind.CLIENT);
    for (const fetch of fetches) {
      expect(traceId(fetch)).toBe(clientTrace);
      expect(fetch.parentSpanContext?.spanId).toBe(spanId(server));
      expect(fetch.attributes['ukp.outcome']).toBe('ok');
    }

    for (const subgraph of ['users', 'knowledge'] as const) {
      const fetchIds = fetches.filter((s) => s.name === `subgraph ${subgraph}`).map(spanId);
      const served = await vi.waitFor(() => {
        const spans = ofKind(traces.spans(subgraph), SpanKind.SERVER);
        expect(spans).toHaveLength(fetchIds.length);
        return spans;
      });
      expect(fetchIds.length).toBeGreaterThan(0);
      for (const span of served) {
        expect(traceId(span)).toBe(clientTrace);
        expect(span.parentSpanContext?.isRemote).toBe(true);
        expect(span.attributes['http.response.status_code']).toBe(200);
        expect(span.resource.attributes['service.name']).toBe(subgraph);
      }
      // Each subgraph span hangs under its own fetch span: the same set, one to one.
      expect(served.map((s) => s.parentSpanContext?.spanId).sort()).toEqual([...fetchIds].sort());
    }
    // `me` and the authors from users, the list from knowledge.
    expect(fetches.filter((s) => s.name === 'subgraph users')).toHaveLength(2);
    expect(fetches.filter((s) => s.name === 'subgraph knowledge')).toHaveLength(1);

    // The access log line carries the trace id.
    const access = lines.find((l) => l.msg === 'request' && l.operationName === 'TracedFrontPage');
    expect(access?.traceId).toBe(clientTrace);
  });

  it('starts one new trace across every service when the client sends no traceparent', async () => {
    await post(t, token);
    const server = await finished();
    expect(server.parentSpanContext).toBeUndefined();
    await vi.waitFor(() => {
      expect(ofKind(traces.spans('users'), SpanKind.SERVER)).toHaveLength(2);
      expect(ofKind(traces.spans('knowledge'), SpanKind.SERVER)).toHaveLength(1);
    });
    const all = [...traces.spans('gateway'), ...traces.spans('users'), ...traces.spans('knowledge')];
    expect(new Set(all.map(traceId))).toEqual(new Set([traceId(server)]));
  });

  it('traces a query sent over graphql-ws: its own trace, with the subgraph fetch under it', async () => {
    const client = wsClient(t.url, token);
    try {
      const result = await new Promise<unknown>((resolve, reject) => {
        client.subscribe(
          { query: 'query MeOverSocket { me { id } }' },
          { next: resolve, error: reject, complete: () => {} },
        );
      });
      expect(result).toMatchObject({ data: { me: { id: expect.any(String) } } });
    } finally {
      await client.dispose();
    }
    const server = await finished();
    expect(server.name).toBe('query MeOverSocket');
    const [fetch] = ofKind(traces.spans('gateway'), SpanKind.CLIENT);
    expect(fetch?.name).toBe('subgraph users');
    expect(fetch?.parentSpanContext?.spanId).toBe(spanId(server));
    const served = await vi.waitFor(() => {
      const spans = ofKind(traces.spans('users'), SpanKind.SERVER);
      expect(spans).toHaveLength(1);
      return spans[0]!;
    });
    expect(served.parentSpanContext?.spanId).toBe(fetch && spanId(fetch));
    expect(traceId(served)).toBe(traceId(server));
  });

  it('starts a new trace, without an error, when the client’s traceparent is invalid', async () => {
    await post(t, token, { traceparent: 'not-a-valid-traceparent' });
    const server = await finished();
    expect(server.parentSpanContext).toBeUndefined();
    expect(traceId(server)).toMatch(/^[\da-f]{32}$/);
  });
});

describe('tracing off (the default)', () => {
  let t: TestPlatform;
  let token = '';
  const traces = exporters();

  beforeAll(async () => {
    // The gateway runs as configured by default (no exporter, so no spans); the subgraphs record
    // theirs only so the test can see the traceparent they received.
    t = await startTestPlatform(
      {},
      {
        spanProcessors: (service) =>
          service === 'gateway' ? [] : [new SimpleSpanProcessor(traces.byService[service])],
      },
    );
    token = await adminToken(t);
    await createDocuments(t, token);
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('forwards the client’s traceparent and tracestate to the subgraphs unchanged', async () => {
    traces.reset();
    const clientTrace = hex(16);
    const clientSpan = hex(8);
    await post(t, token, { traceparent: `00-${clientTrace}-${clientSpan}-01`, tracestate: 'vendor=abc' });

    const served = await vi.waitFor(() => {
      const users = ofKind(traces.spans('users'), SpanKind.SERVER);
      const knowledge = ofKind(traces.spans('knowledge'), SpanKind.SERVER);
      expect(users).toHaveLength(2);
      expect(knowledge).toHaveLength(1);
      return [...users, ...knowledge];
    });
    expect(traces.spans('gateway')).toHaveLength(0);
    for (const span of served) {
      expect(span.parentSpanContext).toMatchObject({
        traceId: clientTrace,
        spanId: clientSpan,
        traceFlags: 1,
        isRemote: true,
      });
      expect(span.parentSpanContext?.traceState?.serialize()).toBe('vendor=abc');
    }
  });
});
